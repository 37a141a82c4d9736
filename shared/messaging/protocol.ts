// Messaging over HTTP between a console and the central server (docs/messaging.md). The server
// holds the SMPP and SMTP credentials and sends; a console asks it to, and asks first what the
// gate would say. Every body is validated with these schemas on both sides.
import { z } from 'zod';
import { Purpose } from '../compliance/facts';
import { MessageChannel, MessageTemplate } from './templates';

const Iso = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(100);

/** Who the message goes to: one of the account's phones (text) or email addresses on file (email). */
export const Recipient = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('sms'), phoneId: Id }),
  z.strictObject({ channel: z.literal('email'), emailId: Id }),
]);
export type Recipient = z.infer<typeof Recipient>;

export const MessageDraft = z.strictObject({
  accountId: Id,
  to: Recipient,
  templateId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/),
  /** Third parties: why they are contacted (the gate refuses a third-party message without it). */
  purpose: Purpose.optional(),
});
export type MessageDraft = z.infer<typeof MessageDraft>;

export const SendRequest = MessageDraft.extend({
  /** Chosen by the console: a request sent twice (a retry after a lost answer) sends once. */
  requestId: z.uuid(),
});
export type SendRequest = z.infer<typeof SendRequest>;

export const WireReason = z.object({
  rule: z.string(),
  severity: z.enum(['block', 'warn']),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  source: z.string(),
  allowedFrom: z.string().nullable(),
});
export type WireReason = z.infer<typeof WireReason>;

export const WireDecision = z.object({
  decision: z.enum(['allow', 'warn', 'block']),
  packId: z.string(),
  packVersion: z.string(),
  evaluatedAt: z.string(),
  allowedFrom: z.string().nullable(),
  reasons: z.array(WireReason),
});
export type WireDecision = z.infer<typeof WireDecision>;

export const Preview = z.object({
  templateId: z.string(),
  templateVersion: z.number().int(),
  channel: MessageChannel,
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  missing: z.array(z.string()),
  decision: WireDecision,
});
export type Preview = z.infer<typeof Preview>;

export const MessageStatus = z.enum(['requested', 'refused', 'submitted', 'delivered', 'failed', 'bounced']);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** What happened to a message after it was asked for: each is appended, never changed. */
export const MessageEventKind = z.enum(['requested', 'refused', 'submitted', 'delivered', 'failed', 'bounced', 'reply', 'opt_out']);
export type MessageEventKind = z.infer<typeof MessageEventKind>;

export const MessageEvent = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  accountId: z.string().nullable(),
  kind: MessageEventKind,
  at: Iso,
  detail: z.record(z.string(), z.unknown()),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const MessageRecord = z.object({
  id: z.string(),
  requestId: z.string(),
  accountId: z.string(),
  partyId: z.string(),
  userId: z.string(),
  channel: MessageChannel,
  to: z.string(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  subject: z.string().nullable(),
  body: z.string(),
  status: MessageStatus,
  /** The SMSC's message_id or the SMTP Message-ID. */
  providerId: z.string().nullable(),
  decision: WireDecision,
  createdAt: Iso,
  events: z.array(MessageEvent),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

export const MessageList = z.object({
  messages: z.array(MessageRecord),
  optOuts: z.array(z.object({ channel: MessageChannel, address: z.string(), at: Iso, via: z.string() })),
  /** Replies and opt-outs that belong to no message (a text reply names only its number). */
  loose: z.array(MessageEvent).default([]),
});
export type MessageList = z.infer<typeof MessageList>;

export const EmailAddress = z.object({ id: z.string(), accountId: z.string(), partyId: z.string(), address: z.email() });
export type EmailAddress = z.infer<typeof EmailAddress>;

export const MessagingCatalogue = z.object({ templates: z.array(MessageTemplate), emails: z.array(EmailAddress) });
export type MessagingCatalogue = z.infer<typeof MessagingCatalogue>;

export const AddEmailRequest = z.strictObject({ accountId: Id, partyId: Id, address: z.email().max(254) });
