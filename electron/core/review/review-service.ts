// Call review from a lead's console (docs/server.md "Call review"): the list, a call's timeline
// and new reviews come from the central server with the lead's session; nothing is kept locally
// but the recordings (recording-cache.ts). Without the server there is no review, and the error
// says so.
import { z } from 'zod';
import { ApiError } from '../../../shared/api/errors';
import { CallReview, ReviewCallDetail, type ReviewCallsFilter, ReviewCallsResponse, type ReviewInput } from '../../../shared/api/review';
import type { User } from '../../../shared/domain/users';
import { type Fetch, requestJson } from '../sync/http';
import type { FileSealer } from '../files/sealed-file';
import { RecordingCache } from './recording-cache';

export interface ReviewDeps {
  fetch: Fetch;
  serverUrl: () => string;
  /** The signed-in user and their token (throws when nobody is signed in). */
  session: () => { token: string; user: User };
  /** Where downloaded recordings are kept. */
  cacheDir: string;
  /** Seals the cached recordings with the device key. */
  sealer: () => FileSealer;
}

export class ReviewService {
  private readonly cache: RecordingCache;

  constructor(private readonly deps: ReviewDeps) {
    this.cache = new RecordingCache({ fetch: deps.fetch, serverUrl: deps.serverUrl, dir: deps.cacheDir, sealer: deps.sealer });
  }

  calls(filter: z.output<typeof ReviewCallsFilter>): Promise<ReviewCallsResponse> {
    const query = new URLSearchParams({ offset: String(filter.offset), limit: String(filter.limit) });
    for (const key of ['agentId', 'from', 'to'] as const) if (filter[key]) query.set(key, filter[key]);
    if (filter.unreviewed) query.set('unreviewed', 'true');
    return this.request(`api/review/calls?${query}`, ReviewCallsResponse);
  }

  call(callId: string): Promise<ReviewCallDetail> {
    return this.request(`api/review/calls/${encodeURIComponent(callId)}`, ReviewCallDetail);
  }

  submit(callId: string, review: ReviewInput): Promise<CallReview> {
    return this.request(`api/review/calls/${encodeURIComponent(callId)}/reviews`, CallReview, review);
  }

  /** A recording as base64 (audio/webm), like recording.get. */
  async recording(sha256: string): Promise<{ data: string; sha256: string }> {
    const bytes = await this.cache.get(sha256, this.lead().token);
    return { data: bytes.toString('base64'), sha256 };
  }

  private lead() {
    const s = this.deps.session();
    if (s.user.role !== 'team_lead' && s.user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and admins review calls');
    return s;
  }

  private async request<S extends z.ZodType>(path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    const { token } = this.lead();
    try {
      return await requestJson(this.deps.fetch, this.deps.serverUrl(), path, { token, schema, timeoutMs: 30_000, ...(body === undefined ? {} : { method: 'POST', body }) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SERVER_UNREACHABLE') {
        throw new ApiError('SERVER_UNREACHABLE', `Call review needs the central server: ${err.message}`);
      }
      throw err;
    }
  }
}
