// The transfer directory, from the central server (GET /api/directory): the colleagues a call
// can be handed to, by name, with their live presence and the SIP address a transfer to them
// goes to. Asked when the agent opens the transfer panel; never cached, since presence moves.
import { ApiError } from '../../../shared/api/errors';
import { DirectoryResponse } from '../../../shared/api/directory';
import { type Fetch, requestJson } from '../sync/http';

export interface DirectoryDeps {
  fetch: Fetch;
  serverUrl: () => string;
  /** The signed-in user's token, or null. */
  token: () => string | null;
}

export async function transferDirectory(deps: DirectoryDeps): Promise<DirectoryResponse> {
  const token = deps.token();
  if (!token) throw new ApiError('UNAUTHORIZED', 'Sign in again to see your colleagues');
  return requestJson(deps.fetch, deps.serverUrl(), 'api/directory', { token, schema: DirectoryResponse, timeoutMs: 5_000 });
}
