// Messaging's tables (migration 0012): templates, email addresses on file, messages, their
// append-only events and channel opt-outs. Part of the ServerStore: kysely-store.ts exposes it as
// `messaging`. The same queries run on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { EmailAddress, MessageEvent, MessageEventKind, MessageRecord, MessageStatus, WireDecision } from '../../shared/messaging/protocol';
import type { MessageChannel, MessageTemplate } from '../../shared/messaging/templates';
import { LettersStore } from '../letters/store';
import { visibleTo } from '../store/kysely-helpers';
import type { Database } from '../store/schema';
import type { Viewer } from '../store/store';

interface MessageTemplatesTable { id: string; version: number; channel: string; locale: string; pack: string; stage: string; audience: string; body: string; importedAt: string }
interface MessageEmailsTable { id: string; accountId: string; partyId: string; address: string; addedAt: string }
interface MessagesTable {
  id: string; requestId: string; accountId: string; partyId: string; userId: string; channel: string; toAddress: string;
  templateId: string; templateVersion: number; subject: string | null; body: string; status: string; providerId: string | null;
  decision: string; createdAt: string;
}
interface MessageEventsTable { id: string; messageId: string | null; accountId: string | null; kind: string; at: string; detail: string }
interface MessageOptOutsTable { id: string; accountId: string; channel: string; address: string; at: string; via: string }

export interface MessagingTables {
  messageTemplates: MessageTemplatesTable;
  messageEmails: MessageEmailsTable;
  messages: MessagesTable;
  messageEvents: MessageEventsTable;
  messageOptOuts: MessageOptOutsTable;
}

type Db = Kysely<Database & MessagingTables>;

export type NewMessage = Omit<MessageRecord, 'events' | 'status' | 'providerId'> & { status: 'refused' | 'requested' };

/** Which later status an event moves a message to (a receipt never moves a refused message). */
const STATUS_OF: Partial<Record<MessageEventKind, MessageStatus>> = { delivered: 'delivered', failed: 'failed', bounced: 'bounced' };

export class MessagingStore {
  private readonly db: Db;
  /** Letters and their PDFs (server/letters/store.ts). */
  readonly letters: LettersStore;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Db;
    this.letters = new LettersStore(db);
  }

  // Templates -------------------------------------------------------------------------------

  /** Adds checked templates; a version already stored, or not newer than the stored one, is skipped and named. */
  async addTemplates(templates: readonly MessageTemplate[], at: string): Promise<{ added: string[]; skipped: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      const added: string[] = [];
      const skipped: string[] = [];
      for (const t of templates) {
        const newest = await trx.selectFrom('messageTemplates').select((eb) => eb.fn.max('version').as('v')).where('id', '=', t.id).executeTakeFirst();
        if (newest?.v != null && Number(newest.v) >= t.version) {
          skipped.push(`${t.id}@${t.version}`);
          continue;
        }
        await trx.insertInto('messageTemplates').values({
          id: t.id, version: t.version, channel: t.channel, locale: t.locale, pack: t.pack, stage: t.stage, audience: t.audience,
          body: JSON.stringify(t), importedAt: at,
        }).execute();
        added.push(`${t.id}@${t.version}`);
      }
      return { added, skipped };
    });
  }

  /** The newest version of every template. */
  async activeTemplates(): Promise<MessageTemplate[]> {
    const rows = await this.db.selectFrom('messageTemplates').select(['id', 'version', 'body']).orderBy('id').orderBy('version', 'desc').execute();
    const seen = new Set<string>();
    const out: MessageTemplate[] = [];
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(JSON.parse(r.body) as MessageTemplate);
    }
    return out;
  }

  async activeTemplate(id: string): Promise<MessageTemplate | undefined> {
    const r = await this.db.selectFrom('messageTemplates').select('body').where('id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r && (JSON.parse(r.body) as MessageTemplate);
  }

  // Accounts, addresses, opt-outs -------------------------------------------------------------

  /** May the viewer work this account now (the pull's rule: assigned, a led team's, admin)? */
  async canSee(viewer: Viewer, accountId: string): Promise<boolean> {
    const r = await this.db.selectFrom('accounts').select('id').where('id', '=', accountId).where(visibleTo(viewer) as never).executeTakeFirst();
    return r !== undefined;
  }

  async addEmail(email: Omit<EmailAddress, 'id'>, at: string): Promise<EmailAddress> {
    const row = { id: uuidv7(), ...email, addedAt: at };
    await this.db.insertInto('messageEmails').values(row).execute();
    return { id: row.id, accountId: row.accountId, partyId: row.partyId, address: row.address };
  }

  async emailsOf(accountIds: readonly string[]): Promise<EmailAddress[]> {
    if (accountIds.length === 0) return [];
    return this.db.selectFrom('messageEmails').select(['id', 'accountId', 'partyId', 'address']).where('accountId', 'in', [...accountIds]).orderBy('addedAt').execute();
  }

  async optOutsOf(accountId: string): Promise<{ channel: MessageChannel; address: string; at: string; via: string }[]> {
    const rows = await this.db.selectFrom('messageOptOuts').select(['channel', 'address', 'at', 'via']).where('accountId', '=', accountId).orderBy('at').execute();
    return rows.map((r) => ({ ...r, channel: r.channel as MessageChannel }));
  }

  /** The accounts a number or address belongs to (for a reply that names no message). */
  async accountsReachedAt(channel: MessageChannel, address: string): Promise<string[]> {
    const rows = await this.db.selectFrom('messages').select('accountId').distinct().where('channel', '=', channel).where('toAddress', '=', address).execute();
    return rows.map((r) => r.accountId);
  }

  // Messages and their events -----------------------------------------------------------------

  async messageByRequest(requestId: string): Promise<MessageRecord | undefined> {
    const row = await this.db.selectFrom('messages').selectAll().where('requestId', '=', requestId).executeTakeFirst();
    return row && (await this.withEvents([row]))[0];
  }

  async messageByProvider(channel: MessageChannel, providerId: string): Promise<MessageRecord | undefined> {
    const row = await this.db.selectFrom('messages').selectAll().where('channel', '=', channel).where('providerId', '=', providerId).executeTakeFirst();
    return row && (await this.withEvents([row]))[0];
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const row = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (await this.withEvents([row]))[0];
  }

  /**
   * Claims the request: inserts the message (status `requested`, or `refused` with the gate's
   * answer) and its first events in one transaction. False when the request id is already stored:
   * a retry, which must not send again.
   */
  async claimMessage(m: NewMessage, events: { kind: MessageEventKind; detail: Record<string, unknown> }[]): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('messages').values({
        id: m.id, requestId: m.requestId, accountId: m.accountId, partyId: m.partyId, userId: m.userId, channel: m.channel, toAddress: m.to,
        templateId: m.templateId, templateVersion: m.templateVersion, subject: m.subject, body: m.body, status: m.status, providerId: null,
        decision: JSON.stringify(m.decision), createdAt: m.createdAt,
      }).onConflict((oc) => oc.column('requestId').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) return false;
      for (const e of events) {
        await trx.insertInto('messageEvents').values({ id: uuidv7(), messageId: m.id, accountId: m.accountId, kind: e.kind, at: m.createdAt, detail: JSON.stringify(e.detail) }).execute();
      }
      return true;
    });
  }

  /** The provider's id for a submitted message (the SMSC's message_id, the SMTP Message-ID), with its `submitted` event. */
  async submitted(messageId: string, accountId: string, providerId: string, at: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('messages').set({ providerId, status: 'submitted' }).where('id', '=', messageId).where('status', '=', 'requested').execute();
      await trx.insertInto('messageEvents').values({ id: uuidv7(), messageId, accountId, kind: 'submitted', at, detail: JSON.stringify({ providerId, ...detail }) }).execute();
    });
  }

  /** Appends an event; a receipt or bounce also moves the message's status (a refused message stays refused). */
  async appendEvent(e: { messageId: string | null; accountId: string | null; kind: MessageEventKind; at: string; detail: Record<string, unknown> }): Promise<MessageEvent> {
    const row = { id: uuidv7(), messageId: e.messageId, accountId: e.accountId, kind: e.kind, at: e.at, detail: JSON.stringify(e.detail) };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('messageEvents').values(row).execute();
      const status = STATUS_OF[e.kind];
      if (status && e.messageId) await trx.updateTable('messages').set({ status }).where('id', '=', e.messageId).where('status', '!=', 'refused').execute();
    });
    return { ...row, kind: e.kind, detail: e.detail };
  }

  /** Records an opt-out with its event, once per channel and address. */
  async optOut(o: { accountId: string; channel: MessageChannel; address: string; at: string; via: string; messageId: string | null; text: string }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const known = await trx.selectFrom('messageOptOuts').select('id').where('accountId', '=', o.accountId).where('channel', '=', o.channel).where('address', '=', o.address).executeTakeFirst();
      if (known) return false;
      await trx.insertInto('messageOptOuts').values({ id: uuidv7(), accountId: o.accountId, channel: o.channel, address: o.address, at: o.at, via: o.via }).execute();
      await trx.insertInto('messageEvents').values({
        id: uuidv7(), messageId: o.messageId, accountId: o.accountId, kind: 'opt_out', at: o.at,
        detail: JSON.stringify({ channel: o.channel, address: o.address, via: o.via, text: o.text }),
      }).execute();
      return true;
    });
  }

  /** The account's messages, newest first, each with its events. */
  async messagesOf(accountId: string, limit = 200): Promise<MessageRecord[]> {
    const rows = await this.db.selectFrom('messages').selectAll().where('accountId', '=', accountId).orderBy('createdAt', 'desc').limit(limit).execute();
    return this.withEvents(rows);
  }

  /** Replies and opt-outs on the account that belong to no message. */
  async looseEvents(accountId: string): Promise<MessageEvent[]> {
    const rows = await this.db.selectFrom('messageEvents').selectAll().where('accountId', '=', accountId).where('messageId', 'is', null).orderBy('at').execute();
    return rows.map(toEvent);
  }

  private async withEvents(rows: MessagesTable[]): Promise<MessageRecord[]> {
    if (rows.length === 0) return [];
    const events = await this.db.selectFrom('messageEvents').selectAll().where('messageId', 'in', rows.map((r) => r.id)).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id, requestId: r.requestId, accountId: r.accountId, partyId: r.partyId, userId: r.userId, channel: r.channel as MessageChannel,
      to: r.toAddress, templateId: r.templateId, templateVersion: Number(r.templateVersion), subject: r.subject, body: r.body,
      status: r.status as MessageStatus, providerId: r.providerId, decision: JSON.parse(r.decision) as WireDecision, createdAt: r.createdAt,
      events: events.filter((e) => e.messageId === r.id).map(toEvent),
    }));
  }
}

function toEvent(e: MessageEventsTable): MessageEvent {
  return { id: e.id, messageId: e.messageId, accountId: e.accountId, kind: e.kind as MessageEventKind, at: e.at, detail: JSON.parse(e.detail) as Record<string, unknown> };
}
