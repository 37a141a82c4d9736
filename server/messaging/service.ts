// Sending a text or an email for an agent, and taking in what comes back (docs/messaging.md).
// The gate runs here, at the moment of sending, on the server's own data: every agent's calls and
// messages, the holds as they stand, the opt-outs received a second ago.
import { v7 as uuidv7 } from 'uuid';
import { ApiError } from '../../shared/api/errors';
import { PACKS, packIdForCountry, tighten, type Attempt, type Pack, type PackId } from '../../shared/compliance';
import { gateMessage, isStopReply, renderMessage, sameAddress, type OptOut } from '../../shared/messaging';
import { variableValues } from '../../shared/talktrack/variables';
import type { MessageDraft, MessageRecord, Preview, SendRequest } from '../../shared/messaging/protocol';
import type { MessageChannel, MessageTemplate } from '../../shared/messaging/templates';
import type { User } from '../../shared/domain/users';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { ServerStore } from '../store/store';
import { contextOf, DEFAULT_ORGANISATION, factsOf, type Organisation } from './facts';
import type { InboxMail } from './inbox';
import type { SmsReceipt, SmsReply } from './smpp-client';
import type { EmailOutcome } from './smtp-client';

/** The two ways out; absent ones make sending on that channel an error the agent reads. */
export interface Senders {
  sms?: { submit(to: string, text: string): Promise<{ providerId: string }> };
  email?: { send(messageId: string, to: string, subject: string, text: string): Promise<EmailOutcome> };
}

interface Prepared {
  bundle: AccountBundle;
  template: MessageTemplate;
  partyId: string;
  to: string;
  preview: Preview;
}

export class MessagingService {
  constructor(
    private readonly store: ServerStore,
    private readonly senders: Senders,
    private readonly now: () => Date,
    private readonly org: Organisation = DEFAULT_ORGANISATION,
    private readonly log: { error(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void } = console,
  ) {}

  private get db() {
    return this.store.messaging;
  }

  /** The organisation's pack for the account's country, tightened by its policy. */
  private async packFor(bundle: AccountBundle): Promise<Pack> {
    const id = packIdForCountry(bundle.account.region);
    if (!id) throw new ApiError('VALIDATION', `No policy pack governs contact in ${bundle.account.region}`);
    const policy = (await this.store.listPolicies()).find((p) => p.packId === id);
    return policy ? tighten(PACKS[id as PackId], policy.overrides) : PACKS[id];
  }

  private async prepare(user: User, draft: MessageDraft): Promise<Prepared> {
    if (!(await this.db.canSee(user, draft.accountId))) throw new ApiError('FORBIDDEN', `Account ${draft.accountId} is not yours to contact`);
    const bundle = await this.store.getAccount(draft.accountId);
    if (!bundle) throw new ApiError('NOT_FOUND', `No account ${draft.accountId}`);
    const template = await this.db.activeTemplate(draft.templateId);
    if (!template) throw new ApiError('NOT_FOUND', `No message template ${draft.templateId}`);
    if (template.channel !== draft.to.channel) throw new ApiError('VALIDATION', `Template ${template.id} is for ${template.channel}, not ${draft.to.channel}`);
    let partyId: string;
    let to: string;
    let phoneId: string | undefined;
    if (draft.to.channel === 'sms') {
      const want = draft.to.phoneId;
      const phone = bundle.phones.find((p) => p.id === want);
      if (!phone) throw new ApiError('NOT_FOUND', `Account ${bundle.account.ref} has no phone ${want}`);
      [partyId, to, phoneId] = [phone.partyId, phone.number, phone.id];
    } else {
      const want = draft.to.emailId;
      const email = (await this.db.emailsOf([bundle.account.id])).find((e) => e.id === want);
      if (!email) throw new ApiError('NOT_FOUND', `Account ${bundle.account.ref} has no email address ${want}`);
      [partyId, to] = [email.partyId, email.address];
    }
    const party = bundle.parties.find((p) => p.id === partyId);
    const thirdParty = party?.kind === 'third_party';
    const at = this.now();
    const messages = await this.db.messagesOf(bundle.account.id, 1_000);
    const pack = await this.packFor(bundle);
    const facts = factsOf(bundle, messages);
    const context = contextOf(bundle, user.displayName, this.org);
    const rendered = renderMessage(template, context, at.getTime());
    const attempt: Attempt = {
      channel: template.channel, party: thirdParty ? 'third_party' : 'debtor', ...(thirdParty ? { partyId } : {}),
      ...(phoneId ? { phoneId } : {}), ...(draft.purpose ? { purpose: draft.purpose } : {}), debtIds: [], collectors: [], agentId: user.id,
    };
    const decision = gateMessage({
      pack, facts, attempt, template, rendered, values: variableValues(context, template.locale, at.getTime()), address: to,
      optOuts: [...(await this.db.optOutsOf(bundle.account.id)), ...optOutHolds(bundle)], now: at,
    });
    return {
      bundle, template, partyId, to,
      preview: { templateId: template.id, templateVersion: template.version, channel: template.channel, to, subject: rendered.subject, body: rendered.body, missing: rendered.missing, decision },
    };
  }

  /** What would be sent and what the gate says now; nothing is sent or recorded. */
  async preview(user: User, draft: MessageDraft): Promise<Preview> {
    return (await this.prepare(user, draft)).preview;
  }

  /** Gate, record, send. A request id already stored returns that message, and sends nothing. */
  async send(user: User, req: SendRequest): Promise<MessageRecord> {
    const known = await this.db.messageByRequest(req.requestId);
    if (known) return this.ownOrForbidden(user, known);
    const { bundle, partyId, to, preview } = await this.prepare(user, req);
    const id = uuidv7();
    const createdAt = this.now().toISOString();
    const refused = preview.decision.decision === 'block';
    const sender = preview.channel === 'sms' ? this.senders.sms : this.senders.email;
    if (!refused && !sender) throw new ApiError('SERVER_UNREACHABLE', `This server has no ${preview.channel === 'sms' ? 'SMPP' : 'SMTP'} connection configured`);
    const claimed = await this.db.claimMessage({
      id, requestId: req.requestId, accountId: bundle.account.id, partyId, userId: user.id, channel: preview.channel, to,
      templateId: preview.templateId, templateVersion: preview.templateVersion, subject: preview.subject, body: preview.body,
      status: refused ? 'refused' : 'requested', decision: preview.decision, createdAt,
    }, [
      { kind: 'requested', detail: { userId: user.id, username: user.username } },
      ...(refused ? [{ kind: 'refused' as const, detail: { rules: preview.decision.reasons.filter((r) => r.severity === 'block').map((r) => r.rule) } }] : []),
    ]);
    if (!claimed) return this.ownOrForbidden(user, (await this.db.messageByRequest(req.requestId))!);
    if (!refused) await this.dispatch(id, bundle.account.id, preview);
    return (await this.db.getMessage(id))!;
  }

  private ownOrForbidden(user: User, m: MessageRecord): MessageRecord {
    if (m.userId !== user.id) throw new ApiError('FORBIDDEN', 'That request id belongs to another user');
    return m;
  }

  private async dispatch(id: string, accountId: string, p: Preview): Promise<void> {
    const at = () => this.now().toISOString();
    if (p.channel === 'sms') {
      try {
        const { providerId } = await this.senders.sms!.submit(p.to, p.body);
        await this.db.submitted(id, accountId, providerId, at(), {});
      } catch (err) {
        this.log.error({ err, messageId: id }, 'text not submitted');
        await this.db.appendEvent({ messageId: id, accountId, kind: 'failed', at: at(), detail: { error: err instanceof Error ? err.message : String(err) } });
      }
      return;
    }
    const outcome = await this.senders.email!.send(id, p.to, p.subject ?? '', p.body);
    if (outcome.kind === 'submitted') await this.db.submitted(id, accountId, outcome.providerId, at(), { response: outcome.response });
    else await this.db.appendEvent({ messageId: id, accountId, kind: outcome.kind, at: at(), detail: outcome.kind === 'bounced' ? { code: outcome.code, response: outcome.response } : { error: outcome.response } });
  }

  async list(user: User, accountId: string) {
    if (!(await this.db.canSee(user, accountId))) throw new ApiError('FORBIDDEN', `Account ${accountId} is not yours to see`);
    return { messages: await this.db.messagesOf(accountId), optOuts: await this.db.optOutsOf(accountId), loose: await this.db.looseEvents(accountId) };
  }

  // What comes back ---------------------------------------------------------------------------

  async onSmsReceipt(r: SmsReceipt): Promise<void> {
    const m = await this.db.messageByProvider('sms', r.providerId);
    if (!m) return this.log.info({ providerId: r.providerId }, 'receipt for a text this server does not know');
    await this.db.appendEvent({ messageId: m.id, accountId: m.accountId, kind: r.delivered ? 'delivered' : 'failed', at: this.now().toISOString(), detail: { state: r.state, error: r.error } });
  }

  /** A reply from a phone: logged on every account that texted it; STOP or 退订 opts the number out of texts at once. */
  async onSmsReply(r: SmsReply): Promise<void> {
    const at = this.now().toISOString();
    const accounts = await this.db.accountsReachedAt('sms', r.from);
    const stop = isStopReply(r.text);
    for (const accountId of accounts) {
      await this.db.appendEvent({ messageId: null, accountId, kind: 'reply', at, detail: { channel: 'sms', from: r.from, text: r.text } });
      if (stop) {
        await this.db.optOut({ accountId, channel: 'sms', address: r.from, at, via: 'reply', messageId: null, text: r.text });
        await this.holdOptOut(accountId, 'sms', r.from, at);
      }
    }
    if (accounts.length === 0) this.log.info({ from: r.from }, 'reply from a number this server never texted');
  }

  async onInboxMail(mail: InboxMail): Promise<void> {
    const m = await this.db.getMessage(mail.messageId);
    if (!m) return this.log.info({ messageId: mail.messageId }, 'mail about a message this server does not know');
    const at = this.now().toISOString();
    if (mail.kind === 'bounce') {
      if (mail.permanent) await this.db.appendEvent({ messageId: m.id, accountId: m.accountId, kind: 'bounced', at, detail: { status: mail.status, diagnostic: mail.diagnostic } });
      return;
    }
    await this.db.appendEvent({ messageId: m.id, accountId: m.accountId, kind: 'reply', at, detail: { channel: 'email', from: mail.from, text: mail.text.slice(0, 2000) } });
    if (isStopReply(mail.text)) {
      await this.db.optOut({ accountId: m.accountId, channel: 'email', address: m.to, at, via: 'reply', messageId: m.id, text: mail.text.slice(0, 500) });
      await this.holdOptOut(m.accountId, 'email', m.to, at);
    }
  }

  /**
   * The opt-out as a hold of the account (sms_opt_out on the phone with that number, email_opt_out
   * on the address's party; the note names the number or address), in the compliance bucket, so
   * every console's header and gate know it at their next pull. Once per channel and address: a
   * hold already in force is kept, and a failure here is made good by the next STOP.
   */
  async holdOptOut(accountId: string, channel: MessageChannel, address: string, at: string): Promise<void> {
    const bundle = await this.store.getAccount(accountId);
    if (!bundle) return;
    if (optOutHolds(bundle).some((o) => o.channel === channel && sameAddress(channel, o.address, address))) return;
    let partyId: string | null = null;
    let phoneId: string | null = null;
    if (channel === 'sms') {
      const phone = bundle.phones.find((p) => sameAddress('sms', p.number, address));
      if (phone) [partyId, phoneId] = [phone.partyId, phone.id];
    } else {
      partyId = (await this.db.emailsOf([accountId])).find((e) => sameAddress('email', e.address, address))?.partyId ?? null;
    }
    await this.store.setHold({ id: uuidv7(), accountId, partyId, phoneId, kind: channel === 'sms' ? 'sms_opt_out' : 'email_opt_out', note: address, effectiveAt: at }, at);
  }
}

/** The account's channel opt-out holds in force, as the message gate reads opt-outs (the note is the number or address). */
export function optOutHolds(bundle: AccountBundle): OptOut[] {
  return bundle.holds
    .filter((h) => (h.kind === 'sms_opt_out' || h.kind === 'email_opt_out') && h.liftedAt === null)
    .map((h) => ({ channel: h.kind === 'sms_opt_out' ? 'sms' as const : 'email' as const, address: h.note, at: h.effectiveAt }));
}
