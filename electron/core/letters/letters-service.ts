// Letters from the console (docs/messaging.md "Letters"): the central server writes, stores and
// records the PDF; the core asks for it, logs `letter.issued` in the agent's log (pushed with the
// outbox like a call, so the timeline and every review show it) and fetches the PDF for the
// screen to open in a window or save.
import { ApiError } from '../../../shared/api/errors';
import { LetterList, LetterRecord, type IssueLetterRequest, type LetterIssuedLog } from '../../../shared/messaging/letters';
import { all, qb } from '../store/sql';
import type { MessagingDeps } from '../messaging/messaging-service';
import { requestJson } from '../sync/http';

export class LettersService {
  constructor(private readonly deps: MessagingDeps) {}

  /** Issues through the server and logs it; a request id already logged here is not logged twice. */
  async issue(req: IssueLetterRequest): Promise<LetterRecord> {
    this.deps.detailOf(req.accountId);
    const letter = await requestJson(this.deps.fetch, this.deps.serverUrl(), 'api/letters', { method: 'POST', token: this.deps.token(), body: req, schema: LetterRecord, timeoutMs: 30_000 });
    const logged = all(this.deps.db(), qb.selectFrom('events').select('id').where('account_id', '=', req.accountId)
      .where('type', '=', 'letter.issued').where('body', 'like', `%"requestId":"${req.requestId}"%`));
    if (logged.length === 0) {
      const body: LetterIssuedLog = {
        type: 'letter.issued', letterId: letter.id, requestId: letter.requestId, letterType: letter.type, language: letter.language, sha256: letter.sha256,
        amounts: letter.amounts, issuedOn: letter.issuedOn, respondBy: letter.respondBy, daysOverdue: letter.daysOverdue,
      };
      this.deps.log(req.accountId, body);
    }
    return letter;
  }

  async account(accountId: string): Promise<LetterList> {
    this.deps.detailOf(accountId);
    return requestJson(this.deps.fetch, this.deps.serverUrl(), `api/letters?accountId=${encodeURIComponent(accountId)}`, { token: this.deps.token(), schema: LetterList });
  }

  /** The PDF's bytes (base64 over the typed API), checked against the hash it was recorded with. */
  async pdf(letterId: string): Promise<{ base64: string; fileName: string; sha256: string }> {
    const base = this.deps.serverUrl();
    const url = new URL(`api/letters/${encodeURIComponent(letterId)}/pdf`, base.endsWith('/') ? base : `${base}/`);
    let res: Response;
    try {
      res = await this.deps.fetch(url, { headers: { authorization: `Bearer ${this.deps.token()}` }, signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      throw new ApiError('SERVER_UNREACHABLE', `The central server could not be reached for the letter: ${(err as Error).message}`);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const code = res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL';
      throw new ApiError(code, body?.error?.message ?? `The letter could not be fetched (HTTP ${res.status})`);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const disposition = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `letter-${letterId}.pdf`;
    return { base64: bytes.toString('base64'), fileName: disposition, sha256 };
  }
}
