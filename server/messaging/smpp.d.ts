// The part of the `smpp` package (0.5, plain JavaScript) that Fairline uses: sessions, PDUs and
// the server. Field names are the SMPP specification's.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface PduFields {
    command_status?: number;
    sequence_number?: number;
    system_id?: string;
    password?: string;
    source_addr?: string;
    source_addr_ton?: number;
    source_addr_npi?: number;
    destination_addr?: string;
    dest_addr_ton?: number;
    dest_addr_npi?: number;
    esm_class?: number;
    registered_delivery?: number;
    data_coding?: number;
    message_id?: string;
    short_message?: string | Buffer | { message: string | Buffer; udh?: Buffer[] };
    message_payload?: string | Buffer | { message: string | Buffer };
    receipted_message_id?: string;
    message_state?: number;
    [key: string]: unknown;
  }

  export class PDU implements PduFields {
    constructor(command: string, fields?: PduFields);
    command: string;
    command_status: number;
    sequence_number: number;
    response(fields?: PduFields): PDU;
    [key: string]: unknown;
  }

  export class Session extends EventEmitter {
    send(pdu: PDU, onResponse?: (pdu: PDU) => void, onSent?: () => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(fields: PduFields, onResponse?: (pdu: PDU) => void): boolean;
    submit_sm(fields: PduFields, onResponse?: (pdu: PDU) => void): boolean;
    deliver_sm(fields: PduFields, onResponse?: (pdu: PDU) => void): boolean;
    unbind(fields?: PduFields, onResponse?: (pdu: PDU) => void): boolean;
    enquire_link(fields?: PduFields, onResponse?: (pdu: PDU) => void): boolean;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function connect(options: { url: string; auto_enquire_link_period?: number; connectTimeout?: number }, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RINVDSTADR: number;
  export const ESME_RSUBMITFAIL: number;
  export const ESME_RINVPASWD: number;
}
