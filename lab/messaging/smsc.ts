// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the lab tsconfig includes only lab/, and the smpp package ships no types of its own
/// <reference path="../../server/messaging/smpp.d.ts" />
// A simulated SMSC on loopback, built with the same `smpp` package the server uses: it takes a
// transceiver bind with one system id and password, answers submit_sm with a message_id, and a
// moment later sends the delivery receipt (DELIVRD, or UNDELIV for numbers told to fail). Numbers
// told to be invalid get ESME_RINVDSTADR at submit. `reply` sends a text from a phone (a
// mobile-originated deliver_sm) to every bound session.
import { randomUUID } from 'node:crypto';
import { createServer, PDU, type Server, type Session } from 'smpp';

export interface SmscOptions {
  systemId: string;
  password: string;
  /** Delay before the receipt (ms). */
  receiptDelayMs?: number;
}

export interface Submitted {
  messageId: string;
  from: string;
  to: string;
  text: string;
  dataCoding: number;
}

const ESME_RINVDSTADR = 0x0b;
const ESME_RBINDFAIL = 0x0d;
const MC_DELIVERY_RECEIPT = 0x04;

export class Smsc {
  readonly submitted: Submitted[] = [];
  /** Numbers (digits only) whose texts are not delivered (receipt UNDELIV). */
  readonly undeliverable = new Set<string>();
  /** Numbers (digits only) refused at submit. */
  readonly invalid = new Set<string>();
  private server: Server | null = null;
  private readonly sessions = new Set<Session>();
  port = 0;

  constructor(private readonly options: SmscOptions) {}

  async start(port = 0): Promise<string> {
    const server = createServer((session) => this.accept(session));
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return `smpp://127.0.0.1:${this.port}`;
  }

  /** A text from a phone to the sender id, on every bound session. */
  reply(from: string, text: string, to = 'Fairline'): void {
    for (const s of this.sessions) s.deliver_sm({ source_addr: from.replace(/^\+/, ''), destination_addr: to, esm_class: 0, short_message: text });
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(session: Session): void {
    let bound = false;
    session.on('error', () => undefined);
    session.on('close', () => this.sessions.delete(session));
    session.on('bind_transceiver', (pdu: PDU) => {
      if (pdu.system_id !== this.options.systemId || pdu.password !== this.options.password) {
        session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
        session.close();
        return;
      }
      bound = true;
      this.sessions.add(session);
      session.send(pdu.response({ system_id: 'FairlineSMSC' }));
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm_resp', () => undefined);
    session.on('submit_sm', (pdu: PDU) => {
      if (!bound) return session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
      const to = String(pdu.destination_addr);
      if (this.invalid.has(to.replace(/\D/g, ''))) return session.send(pdu.response({ command_status: ESME_RINVDSTADR }));
      const messageId = randomUUID().replace(/-/g, '').slice(0, 16);
      const part = (pdu.message_payload ?? pdu.short_message) as { message?: unknown } | string;
      const text = typeof part === 'object' && part !== null ? String(part.message ?? '') : String(part ?? '');
      this.submitted.push({ messageId, from: String(pdu.source_addr), to, text, dataCoding: Number(pdu.data_coding ?? 0) });
      session.send(pdu.response({ message_id: messageId }));
      if (Number(pdu.registered_delivery ?? 0) & 1) {
        const state = this.undeliverable.has(to.replace(/\D/g, '')) ? 'UNDELIV' : 'DELIVRD';
        const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
        setTimeout(() => {
          session.deliver_sm({
            source_addr: to, destination_addr: String(pdu.source_addr), esm_class: MC_DELIVERY_RECEIPT,
            short_message: `id:${messageId} sub:001 dlvd:${state === 'DELIVRD' ? '001' : '000'} submit date:${stamp} done date:${stamp} stat:${state} err:${state === 'DELIVRD' ? '000' : '001'} text:`,
            receipted_message_id: messageId, message_state: state === 'DELIVRD' ? 2 : 5,
          });
        }, this.options.receiptDelayMs ?? 20);
      }
    });
  }
}
