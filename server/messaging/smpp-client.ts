// Texts go to an SMSC over SMPP 3.4/5.0 (the `smpp` package): one transceiver bind, opened on
// first use and again after it drops, so submits, delivery receipts and replies share it.
// A receipt (deliver_sm with the MC-delivery-receipt esm_class) names the SMSC's message_id; any
// other deliver_sm is a reply from a phone. Every deliver_sm is answered, or the SMSC resends it.
import { connect, PDU, type Session } from 'smpp';

export interface SmppConfig {
  /** smpp://host:port (ssmpp:// for TLS). */
  url: string;
  systemId: string;
  password: string;
  /** The sender id or number texts come from. */
  sourceAddr: string;
  /** A submit with no answer by then fails (ms). Default 10 s. */
  timeoutMs?: number;
}

export interface SmsReceipt {
  providerId: string;
  delivered: boolean;
  /** The receipt's stat: DELIVRD, UNDELIV, REJECTD, EXPIRED, … */
  state: string;
  error: string | null;
}

export interface SmsReply {
  from: string;
  to: string;
  text: string;
}

export interface SmsHandlers {
  onReceipt(receipt: SmsReceipt): void;
  onReply(reply: SmsReply): void;
  onError(err: unknown, what: string): void;
}

/** The SMSC refused the text (command_status ≠ 0): the message failed and is not retried. */
export class SmsRefused extends Error {
  constructor(readonly status: number) {
    super(`The SMSC refused the text (SMPP command_status 0x${status.toString(16).padStart(8, '0')})`);
  }
}

const MC_DELIVERY_RECEIPT = 0x04;
/** One segment's worth of characters: beyond it the text goes in message_payload. */
const SHORT_GSM = 160;
const SHORT_UCS2 = 70;

export class SmppClient {
  private session: Promise<Session> | null = null;
  private closed = false;

  constructor(private readonly config: SmppConfig, private readonly handlers: SmsHandlers) {}

  /** Submits one text and resolves with the SMSC's message_id once it accepted it. */
  async submit(to: string, text: string): Promise<{ providerId: string }> {
    const session = await this.bound();
    const ascii = /^[\x20-\x7e\n\r]*$/.test(text);
    const long = text.length > (ascii ? SHORT_GSM : SHORT_UCS2);
    const fields = {
      source_addr: this.config.sourceAddr, destination_addr: to.replace(/^\+/, ''), dest_addr_ton: 1, dest_addr_npi: 1,
      registered_delivery: 1, ...(long ? { message_payload: text } : { short_message: text }),
    };
    const pdu = await this.request(session, new PDU('submit_sm', fields));
    if (pdu.command_status !== 0) throw new SmsRefused(pdu.command_status);
    return { providerId: String(pdu.message_id) };
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.session;
    this.session = null;
    if (!pending) return;
    const session = await pending.catch(() => null);
    if (!session) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => session.destroy(() => resolve()), 1_000);
      session.unbind({}, () => {
        clearTimeout(timer);
        session.close(() => resolve());
      });
    });
  }

  private request(session: Session, pdu: PDU): Promise<PDU> {
    const timeoutMs = this.config.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No answer from the SMSC within ${timeoutMs} ms`)), timeoutMs);
      session.send(pdu, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  private bound(): Promise<Session> {
    if (this.closed) return Promise.reject(new Error('The SMPP connection is closed'));
    this.session ??= this.open().catch((err: unknown) => {
      this.session = null;
      throw err;
    });
    return this.session;
  }

  private open(): Promise<Session> {
    return new Promise((resolve, reject) => {
      const session = connect({ url: this.config.url, auto_enquire_link_period: 30_000 });
      let ready = false;
      session.on('error', (err: unknown) => {
        if (!ready) reject(err instanceof Error ? err : new Error(String(err)));
        else this.handlers.onError(err, 'SMPP connection');
      });
      session.on('close', () => {
        // The next submit binds again.
        if (ready) this.session = null;
      });
      session.on('deliver_sm', (pdu: PDU) => this.delivered(session, pdu));
      session.on('connect', () => {
        session.bind_transceiver({ system_id: this.config.systemId, password: this.config.password }, (answer) => {
          if (answer.command_status !== 0) {
            session.destroy();
            reject(new Error(`The SMSC refused the bind as ${this.config.systemId} (command_status ${answer.command_status})`));
            return;
          }
          ready = true;
          resolve(session);
        });
      });
    });
  }

  private delivered(session: Session, pdu: PDU): void {
    session.send(pdu.response());
    try {
      const text = messageText(pdu);
      if (((pdu.esm_class as number) & MC_DELIVERY_RECEIPT) !== 0) {
        const receipt = parseReceipt(text, pdu.receipted_message_id as string | undefined);
        if (receipt) this.handlers.onReceipt(receipt);
        return;
      }
      this.handlers.onReply({ from: `+${String(pdu.source_addr).replace(/^\+/, '')}`, to: String(pdu.destination_addr), text });
    } catch (err) {
      this.handlers.onError(err, 'deliver_sm');
    }
  }
}

function messageText(pdu: PDU): string {
  const part = (pdu.message_payload ?? pdu.short_message) as { message?: unknown } | string | Buffer | undefined;
  const value = typeof part === 'object' && part !== null && !Buffer.isBuffer(part) ? part.message : part;
  return Buffer.isBuffer(value) ? value.toString('latin1') : String(value ?? '');
}

/** A receipt's text: `id:XXXX sub:001 dlvd:001 submit date:… done date:… stat:DELIVRD err:000 text:…`. */
export function parseReceipt(text: string, tlvId?: string): SmsReceipt | null {
  const id = tlvId ?? /(?:^|\s)id:(\S+)/i.exec(text)?.[1];
  const state = /(?:^|\s)stat:(\S+)/i.exec(text)?.[1]?.toUpperCase();
  if (!id || !state) return null;
  const err = /(?:^|\s)err:(\S+)/i.exec(text)?.[1] ?? null;
  return { providerId: id, delivered: state === 'DELIVRD', state, error: state === 'DELIVRD' ? null : err };
}
