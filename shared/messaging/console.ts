// The console's messaging methods (spread into shared/api/contract.ts): the core asks the central
// server (docs/messaging.md) and logs what it asked; the renderer sees these and nothing else.
import { z } from 'zod';
import { letterMethods } from './letters';
import { MessageDraft, MessageEvent, MessageList, MessageRecord, MessagingCatalogue, Preview, SendRequest } from './protocol';

const AccountRef = z.object({ accountId: z.string().min(1).max(100) }).strict();

/** An account's texts and emails as the server last told this console, and how fresh that is. */
export const AccountMessages = MessageList.extend({
  /** When the server answered; null: never (offline since the console first opened the account). */
  fetchedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The server could not be asked just now: this is the copy kept from fetchedAt. */
  stale: z.boolean(),
});
export type AccountMessages = z.infer<typeof AccountMessages>;

export const messagingMethods = {
  /** The templates to pick from and the account's email addresses on file. */
  'messages.catalogue': { input: AccountRef, output: MessagingCatalogue },
  /** The words with the account's values filled in and the gate's answer now; nothing is sent. */
  'messages.preview': { input: MessageDraft.strict(), output: Preview },
  /** Sends through the central server (gate, record, SMPP or SMTP) and logs it; a repeated requestId sends once. */
  'messages.send': { input: SendRequest.strict(), output: MessageRecord },
  /** The account's messages with their delivery events, replies and opt-outs (kept for offline reading). */
  'messages.account': { input: AccountRef, output: AccountMessages },
  ...letterMethods,
} as const;

export { MessageEvent };
