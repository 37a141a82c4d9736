// The renderer's one way to the core: a typed invoke over whichever transport the host offers.
import type { FairlineApi, Input, MethodName, Output } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { shellProtocols } from '../../shared/api/shell-socket';
import { reloadOnNewToken, takeToken } from './browser-token';
import { ipcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { webSocketTransport } from './websocket-transport';

export interface Api extends FairlineApi {
  /** Called when a request fails because the session ended (a failed sign-in does not count). */
  onSessionExpired(listener: () => void): () => void;
  connection: Pick<Transport, 'connection' | 'onConnectionChange'>;
}

export function createApi(transport: Transport = hostTransport()): Api {
  const expiredListeners = new Set<() => void>();
  return {
    async invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      const result = await transport.call(method, input);
      if (result.ok) return result.value as Output<M>;
      const error = ApiError.from(result.error);
      if (error.code === 'UNAUTHORIZED' && method !== 'session.signIn') {
        for (const listener of expiredListeners) listener();
      }
      throw error;
    },
    onSessionExpired(listener) {
      expiredListeners.add(listener);
      return () => {
        expiredListeners.delete(listener);
      };
    },
    connection: transport,
  };
}

/** Electron's preload bridge when present, otherwise the browser shell's socket. */
function hostTransport(): Transport {
  if (window.fairline) return ipcTransport(window.fairline);
  const token = takeToken(window.location, window.sessionStorage, window.history) ?? '';
  reloadOnNewToken(window);
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return webSocketTransport({
    url: `${scheme}://${window.location.host}/api`,
    protocols: shellProtocols(token),
    serverAnswers: () => fetch(window.location.pathname, { method: 'HEAD', cache: 'no-store' }).then(() => true, () => false),
  });
}
