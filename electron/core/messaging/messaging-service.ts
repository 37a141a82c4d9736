// Texts and emails from the console (docs/messaging.md "The console"). The central server sends
// them: it holds the SMPP and SMTP credentials and runs the gate on its own data at the moment of
// sending. The core asks it for templates, previews and sends, logs every request and its answer as
// a `message.sent` or `message.refused` event (synced like a call), and keeps the server's last
// word on each account's messages (delivery receipts, bounces, replies, opt-outs) so the account
// screen and its timeline show them offline too.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { AccountDetail, TimelineItem } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { EventBody } from '../../../shared/domain/events';
import { AccountMessages } from '../../../shared/messaging/console';
import type { LetterIssuedLog } from '../../../shared/messaging/letters';
import type { MessageLog } from '../../../shared/messaging/log';
import {
  MessageList, MessageRecord, MessagingCatalogue, Preview, type MessageDraft, type SendRequest,
} from '../../../shared/messaging/protocol';
import { LettersService } from '../letters/letters-service';
import { readMeta, writeMeta } from '../store/meta';
import { all, qb } from '../store/sql';
import { type Fetch, requestJson } from '../sync/http';

export interface MessagingDeps {
  fetch: Fetch;
  serverUrl: () => string;
  db: () => Database.Database;
  /** The signed-in agent's token (throws UNAUTHORIZED when there is none). */
  token: () => string;
  now: () => Date;
  /** Appends an event to the agent's log (and so to the outbox). */
  log: (accountId: string, body: EventBody) => { id: string };
  /** The account as this console holds it (NOT_FOUND when it is not in the portfolio). */
  detailOf: (accountId: string) => AccountDetail;
}

/** The server's last answer about an account's messages, kept per account in meta. */
const Kept = z.object({ fetchedAt: z.string(), list: MessageList });
const keptKey = (accountId: string) => `messaging.account.${accountId}`;

/** How a message record becomes the event body the console logs. */
function logBody(m: MessageRecord, draft: MessageDraft): MessageLog {
  const fields = {
    messageId: m.id, requestId: m.requestId, channel: m.channel,
    phoneId: draft.to.channel === 'sms' ? draft.to.phoneId : null, emailId: draft.to.channel === 'email' ? draft.to.emailId : null,
    partyId: m.partyId, to: m.to, templateId: m.templateId, templateVersion: m.templateVersion, status: m.status,
    packId: m.decision.packId, packVersion: m.decision.packVersion, decision: m.decision.decision, allowedFrom: m.decision.allowedFrom,
    reasons: m.decision.reasons.slice(0, 50).map((r) => ({ rule: r.rule, severity: r.severity, source: r.source, messageKey: r.messageKey, params: r.params })),
  };
  return m.status === 'refused' ? { type: 'message.refused', ...fields } : { type: 'message.sent', ...fields };
}

export class MessagingService {
  /** Letters, issued by the central server (electron/core/letters). */
  readonly letters: LettersService;

  constructor(private readonly deps: MessagingDeps) {
    this.letters = new LettersService(deps);
  }

  private get<S extends z.ZodType>(path: string, schema: S) {
    return requestJson(this.deps.fetch, this.deps.serverUrl(), path, { token: this.deps.token(), schema });
  }

  private post<S extends z.ZodType>(path: string, body: unknown, schema: S) {
    // An SMSC or relay that is slow to answer is the server's wait, not a lost request: a retry with
    // the same request id returns what was recorded.
    return requestJson(this.deps.fetch, this.deps.serverUrl(), path, { method: 'POST', token: this.deps.token(), body, schema, timeoutMs: 30_000 });
  }

  /** Only accounts this console holds: the server checks again who may see them. */
  private known(accountId: string): void {
    this.deps.detailOf(accountId);
  }

  async catalogue(accountId: string) {
    this.known(accountId);
    return this.get(`api/messages/catalogue?accountId=${encodeURIComponent(accountId)}`, MessagingCatalogue);
  }

  async preview(draft: MessageDraft) {
    this.known(draft.accountId);
    return this.post('api/messages/preview', draft, Preview);
  }

  /**
   * Sends (or is refused) through the server and logs the answer. A request id already answered
   * here returns the server's record again and logs nothing twice.
   */
  async send(req: SendRequest): Promise<MessageRecord> {
    this.known(req.accountId);
    const record = await this.post('api/messages/send', req, MessageRecord);
    const db = this.deps.db();
    const logged = all(db, qb.selectFrom('events').select('id').where('account_id', '=', req.accountId)
      .where('type', 'in', ['message.sent', 'message.refused']).where('body', 'like', `%"requestId":"${req.requestId}"%`));
    if (logged.length === 0) this.deps.log(req.accountId, logBody(record, req));
    this.keep(req.accountId, (list) => ({ ...list, messages: [record, ...list.messages.filter((m) => m.id !== record.id)] }));
    return record;
  }

  /** The server's list now, kept for later; offline, the copy kept last time (stale). */
  async account(accountId: string): Promise<AccountMessages> {
    this.known(accountId);
    try {
      const list = await this.get(`api/messages?accountId=${encodeURIComponent(accountId)}`, MessageList);
      const fetchedAt = this.deps.now().toISOString();
      writeMeta(this.deps.db(), keptKey(accountId), { fetchedAt, list });
      return { ...list, fetchedAt, stale: false };
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 'SERVER_UNREACHABLE' && err.code !== 'UNAUTHORIZED')) throw err;
      const kept = readMeta(this.deps.db(), keptKey(accountId), Kept);
      return { ...(kept?.list ?? { messages: [], optOuts: [], loose: [] }), fetchedAt: kept?.fetchedAt ?? null, stale: true };
    }
  }

  private keep(accountId: string, change: (list: MessageList) => MessageList): void {
    const db = this.deps.db();
    const kept = readMeta(db, keptKey(accountId), Kept);
    writeMeta(db, keptKey(accountId), { fetchedAt: kept?.fetchedAt ?? this.deps.now().toISOString(), list: change(kept?.list ?? { messages: [], optOuts: [], loose: [] }) });
  }

  /**
   * The account's timeline with its messages as the server last told: each text or email logged
   * here shows its delivery state, and those sent by others, replies and opt-outs join it.
   */
  withMessages(detail: AccountDetail): AccountDetail {
    const kept = readMeta(this.deps.db(), keptKey(detail.account.id), Kept)?.list;
    const byId = new Map((kept?.messages ?? []).map((m) => [m.id, m]));
    const rows = all(this.deps.db(), qb.selectFrom('events').select(['id', 'body']).where('account_id', '=', detail.account.id)
      .where('type', 'in', ['message.sent', 'message.refused']));
    const logged = new Map(rows.map((r) => [r.id, JSON.parse(r.body) as MessageLog]));
    const loggedIds = new Set([...logged.values()].map((b) => b.messageId));
    const letters = new Map(all(this.deps.db(), qb.selectFrom('events').select(['id', 'body']).where('account_id', '=', detail.account.id)
      .where('type', '=', 'letter.issued')).map((r) => [r.id, JSON.parse(r.body) as LetterIssuedLog]));
    const timeline: TimelineItem[] = detail.timeline.map((item) => {
      const letter = letters.get(item.id);
      if (letter) {
        return {
          ...item, kind: `letter.${letter.letterType}`, result: letter.language, amountMinor: letter.amounts.totalMinor, dueDate: letter.respondBy,
          note: `${letter.issuedOn}${letter.daysOverdue !== null ? ` · ${letter.daysOverdue}` : ''} · sha256 ${letter.sha256.slice(0, 12)}…`,
        };
      }
      const body = logged.get(item.id);
      if (!body) return item;
      const m = byId.get(body.messageId);
      return { ...item, kind: `message.${body.channel}`, result: m?.status ?? body.status, note: m ? messageNote(m) : `${body.to} · ${body.reasons.map((r) => r.rule).join(', ')}` };
    });
    for (const m of kept?.messages ?? []) {
      if (loggedIds.has(m.id)) continue;
      timeline.push({ id: `message-${m.id}`, at: m.createdAt, source: 'central', kind: `message.${m.channel}`, actor: String(m.events.find((e) => e.kind === 'requested')?.detail.username ?? m.userId), result: m.status, amountMinor: null, dueDate: null, note: messageNote(m) });
    }
    const replies = [...(kept?.loose ?? []), ...(kept?.messages ?? []).flatMap((m) => m.events.filter((e) => e.kind === 'reply' || e.kind === 'opt_out'))];
    for (const e of replies) {
      const from = String(e.detail.from ?? e.detail.address ?? '');
      const text = typeof e.detail.text === 'string' ? e.detail.text : '';
      timeline.push({ id: `message-event-${e.id}`, at: e.at, source: 'central', kind: `message.${e.kind}`, actor: from, result: String(e.detail.channel ?? ''), amountMinor: null, dueDate: null, note: text });
    }
    return { ...detail, timeline };
  }
}

function messageNote(m: MessageRecord): string {
  if (m.status === 'refused') return `${m.to} · ${m.decision.reasons.filter((r) => r.severity === 'block').map((r) => r.rule).join(', ')}`;
  return `${m.to} · ${m.subject ? `${m.subject} — ` : ''}${m.body}`;
}
