// How the renderer reaches the core. One implementation per host (Electron IPC, browser-shell
// WebSocket); everything above this interface is host-agnostic.
import type { ErrorCode, Result } from '../../shared/api/errors';

/** `rejected` is final: the host refused this page's credentials and will not accept it again. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'rejected';

export interface Transport {
  /** Never rejects: transport failures come back as an error Result like any other failure. */
  call(method: string, input: unknown): Promise<Result>;
  connection(): ConnectionState;
  onConnectionChange(listener: () => void): () => void;
}

export function failure(code: ErrorCode, message: string): Result {
  return { ok: false, error: { code, message } };
}
