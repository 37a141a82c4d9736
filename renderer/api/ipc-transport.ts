// Electron host: the preload exposes `window.fairline.invoke`, which answers with a Result.
import { Result } from '../../shared/api/errors';
import { failure, type Transport } from './transport';

export interface FairlineBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
}

declare global {
  interface Window {
    fairline?: FairlineBridge;
  }
}

export function ipcTransport(bridge: FairlineBridge): Transport {
  return {
    async call(method, input) {
      try {
        const parsed = Result.safeParse(await bridge.invoke(method, input));
        return parsed.success ? parsed.data : failure('INTERNAL', `The console core sent a malformed answer to ${method}`);
      } catch (err) {
        return failure('INTERNAL', err instanceof Error ? err.message : String(err));
      }
    },
    connection: () => 'open',
    onConnectionChange: () => () => undefined,
  };
}
