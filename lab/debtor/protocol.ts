// The contract between the Node side of the lab (lab/phone.ts) and the page script that runs
// in Chromium (lab/debtor/page.ts). Types only: both sides import it, neither imports the
// other, and everything here must survive page.evaluate's JSON-like serialisation.

/** How an endpoint treats an incoming call. */
export type Behaviour =
  /** Rings for `ringMs`, answers and plays its audio until the caller hangs up. */
  | 'answer'
  /** Rejects with 486 Busy Here at once. */
  | 'busy'
  /** Sends 180 Ringing and never answers: the caller's timeout (or CANCEL) decides. */
  | 'no-answer'
  /** Rings for `ringMs`, answers with a greeting followed by a beep, then listens. */
  | 'voicemail'
  /** An agent's phone: incoming calls ring until `answer()` (or `autoAnswer`). */
  | 'manual';

export interface PhoneConfig {
  /** SIP WebSocket URL of the proxy, e.g. ws://127.0.0.1:5066. */
  wsUrl: string;
  domain: string;
  /** User part of the address of record: an agent name or an E.164 number. */
  user: string;
  password: string;
  displayName: string;
  behaviour: Behaviour;
  /** How long an answering endpoint rings before it answers. */
  ringMs: number;
  /** For 'manual': answer incoming calls by themselves. */
  autoAnswer: boolean;
  /**
   * What the endpoint sends once a call is up: a WAV served to the page, played through
   * WebAudio so every endpoint in one browser can have its own voice. null: the browser's
   * microphone, i.e. the file given to --use-file-for-fake-audio-capture.
   */
  audioUrl: string | null;
  /** Loop the audio (a voice with a tone) or play it once (a voicemail greeting and beep). */
  audioLoop: boolean;
  /** Registration expiry asked for, in seconds. */
  expires: number;
  /** This machine's interface addresses: remote ICE candidates elsewhere are dropped. */
  machineAddresses: string[];
}

export type CallDirection = 'inbound' | 'outbound';

/** A call as the endpoint saw it. Times are epoch milliseconds (same clock as Node's). */
export interface CallRecord {
  id: string;
  direction: CallDirection;
  /** The other party's SIP URI (From for inbound, the target for outbound). */
  remote: string;
  startedAt: number;
  /** First provisional response with a to-tag or 180 (outbound) / 180 sent (inbound). */
  ringingAt: number | null;
  /** When the session was established (200 OK sent or received). */
  answeredAt: number | null;
  /** Outbound: every provisional response received, in order (e.g. [180] — never [180, 180]). */
  provisional: number[];
  endedAt: number | null;
  /** Final SIP status: 200 when answered, 486, 404, 487 (cancelled)… null while pending. */
  status: number | null;
  reason: string | null;
  state: 'ringing' | 'established' | 'ended';
  /** Who ended the call: 'local' (hangup/cancel here), 'remote', or null. */
  endedBy: 'local' | 'remote' | null;
  dtmf: DtmfRecord[];
  /** An outbound call placed because the far end of `referredFrom` (a call id) sent a REFER:
   *  a transfer, blind or attended. */
  referredFrom: string | null;
  /** An inbound call with a Replaces header (an attended transfer arriving): the id of the
   *  call it replaced, which this phone then ended. */
  replaced: string | null;
}

export interface DtmfRecord {
  digit: string;
  /** 'info': SIP INFO (application/dtmf-relay); 'rfc4733': heard as the tones the browser
   *  plays out for RFC 4733 telephone-events (WebRTC exposes no event for them). */
  via: 'info' | 'rfc4733';
  at: number;
}

export interface MediaStats {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  packetsLost: number;
  /** Seconds, as getStats reports it. */
  jitter: number;
  /** The selected ICE pair, local -> remote, e.g. '127.0.0.1:40001 -> 127.0.0.1:40002'
   *  (a peer-reflexive remote shows no address: Chromium hides it), or null. */
  candidatePair: string | null;
}

/** A steady tone the endpoint heard, aggregated per 10 Hz bucket. */
export interface HeardTone {
  hz: number;
  /** Total time it was the dominant tonal peak, in milliseconds. */
  ms: number;
}

export interface PhoneState {
  /** When start() was called: epoch ms, or null before. */
  startedAt: number | null;
  registered: boolean;
  /** When the last REGISTER (first or refresh) was accepted: epoch ms, or null. */
  registeredAt: number | null;
  connected: boolean;
  calls: CallRecord[];
}

/** What the page script installs as `window.labPhone`. */
export interface PagePhone {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): PhoneState;
  /** Places a call; resolves with its id at once (watch `state()` for progress). `headers` go on the INVITE. */
  call(target: string, headers?: Record<string, string>): string;
  answer(callId?: string): Promise<void>;
  hangup(callId?: string): Promise<void>;
  sendDtmf(digits: string, via: 'rfc4733' | 'info', callId?: string): Promise<void>;
  stats(callId?: string): Promise<MediaStats | null>;
  /** Tones heard in the current (or given) call since it was established. */
  heard(callId?: string): HeardTone[];
  /** The dominant steady tone over the last second, or null. */
  toneNow(callId?: string): number | null;
  /** Transfers a call (default: the latest): blind to `target` (a user, number or SIP URI),
   *  or attended when `target` is the id of another of its calls (established): REFER with
   *  Replaces naming that call, to its far end's address of record. Resolves with the final
   *  status the far end reported in NOTIFY (0 when the REFER itself was refused). */
  transfer(target: string, callId?: string): Promise<number>;
}

declare global {
  interface Window {
    labPhone: PagePhone;
    labConfig: PhoneConfig;
    /** Exposed by Node (page.exposeFunction): page log lines, for LAB_DEBUG. */
    labLog?: (line: string) => Promise<void>;
  }
}
