// The softphone: a sip.js UserAgent behind a small interface, and the only module that knows
// sip.js. Works with any SIP-over-WebSocket server (Kamailio, Asterisk, FreeSWITCH).
//
// - Registration (registration.ts): kept alive through proxy kills, hangs and restarts.
// - One call at a time: dialling is refused while a call is live (an attended transfer's consult
//   call is the one exception); a second inbound call rings as call waiting or is refused 486,
//   as the account says; Reject answers 486 or 603, as the account says; 180 is sent once.
// - Every call ends with its SIP outcome in words (outcomes.ts): busy, not in service, no
//   answer (the organisation's ring timeout ends it so), rejected, unreachable (no provisional
//   answer within NO_RESPONSE_MS: the proxy is not there).
// - Early media: a 183 with SDP is played (ringback, announcements) before the answer.
// - Hold follows the re-INVITE's answer: "held" only once the far end accepted it; refused, it
//   rolls back and says so; a second press while one is pending is ignored.
// - Numbers go out as the account's dial plan says (dial-plan.ts); the outbound proxy is a
//   preloaded route for every request, REGISTER included.
// - Transfers: blind (REFER to the colleague), or attended: the caller is held while the agent
//   consults the colleague on a second call, then the caller is sent a REFER whose Refer-To is
//   the colleague's address of record with a Replaces header naming the consult call
//   (RFC 3891, RFC 5589). The caller's phone INVITEs that address through the proxy, which
//   finds the colleague by registration; the colleague's phone (this one, on their console)
//   swaps the consult call for it without ringing: the same conversation, a new far end.
// - Monitoring (docs/monitor.md): a lead's phone calls an agent's with a grant in a SIP header
//   (monitor()); the agent's phone does not ring for it but asks its owner (monitorRequest).
// - Speed (media.ts): the microphone is opened when the phone registers and the next call's
//   offer is made while the phone is idle (candidates gathered), so a dial sends its INVITE at
//   once; ICE gathering ends once the candidates the network needs are in. The proxy's digest
//   challenge is answered ahead on later INVITEs (ProxyCredentials): no 407 round trip.
// - Nothing leaves the configured servers: ICE servers come from settings (none by default;
//   sip.js would otherwise use a public STUN server).
import { type Core, type Info, Invitation, Inviter, type Notification, type Session, SessionState, SIPExtension, URI, UserAgent, type Web } from 'sip.js';
import type { DialPlan, IceServer } from '../../shared/api/sip';
import { DEFAULT_DIAL_PLAN } from '../../shared/api/sip';
import { MONITOR_GRANT_HEADER, MONITOR_INFO_TYPE, MONITOR_MODE_HEADER, MonitorInfo, MonitorMode } from '../../shared/monitor/protocol';
import { dialTarget } from './dial-plan';
import { constraintsFor, fastSessionDescriptionHandlerFactory, iceNeed, peerConnectionConfiguration, READY_OFFER_MAX_AGE_MS, ReadyOffer, WarmMicrophone, warmPeerConnection } from './media';
import { type CallEnd, type LocalCause, outcomeOf } from './outcomes';
import { ProxyCredentials } from './credentials';
import { CallQuality } from './quality';
import { KEEPALIVE_MS, type Registration, RegistrationKeeper } from './registration';

export type { Registration } from './registration';
/** How often the line to the proxy is checked (OPTIONS), in ms. */
export const LINE_CHECK_MS = KEEPALIVE_MS;

export interface SoftphoneConfig {
  server: string;
  uri: string;
  authUser: string;
  password: string;
  displayName: string;
  outboundProxy: string;
  registerExpires: number;
  iceServers: IceServer[];
  dialPlan?: DialPlan;
  ringTimeoutSec?: number;
  whenBusy?: 'call_waiting' | 'busy';
  rejectCode?: 486 | 603;
  /** Media only through the TURN server (ICE relay policy). */
  iceRelayOnly?: boolean;
  /** Keep-alive timing (registration.ts); tests shorten it. */
  keepaliveMs?: number;
}

export interface CallInfo {
  id: string;
  direction: 'outbound' | 'inbound';
  number: string;
  /** The caller's display name for an inbound call. */
  name: string | null;
  state: 'dialling' | 'ringing' | 'established' | 'ended';
  startedAt: number;
  answeredAt: number | null;
  held: boolean;
  /** A hold or resume sent and not answered yet. */
  holdPending: boolean;
  muted: boolean;
  /** Set on a consult call (attended transfer): the id of the call whose caller waits on hold. */
  consultFor: string | null;
  /** An attended transfer of this call: being completed, or refused by the far end (the caller is still held). */
  transfer: null | 'completing' | 'failed';
  /** Set on a lead's call into an agent's: the mode asked for (docs/monitor.md). */
  monitor: MonitorMode | null;
  /** The reason phrase of a final failure response (a refused monitor request says why). */
  failure: string | null;
  /** An inbound call that rings while another call is live (call waiting). */
  waiting: boolean;
  /** The far end sends early media (183 with SDP): ringback or an announcement is playing. */
  earlyMedia: boolean;
  /** This call took over another by an attended transfer to this phone (Replaces): that call's far end. */
  transferredFrom: string | null;
}

/** A lead's phone asks to join this agent's call. */
export interface MonitorRequest {
  id: string;
  /** '' when the INVITE carried none. */
  grant: string;
  mode: MonitorMode;
  from: string;
}

export interface SoftphoneEvents {
  registration(r: Registration): void;
  call(info: CallInfo): void;
  ended(info: CallInfo, end: CallEnd): void;
  /** The far end's audio, to play (and, once answered, to record). `early`: before the answer
   *  (an outbound call's INVITE has left; a 183 with SDP came), to play only. */
  remoteStream(info: CallInfo, stream: MediaStream, local: MediaStream | null, early?: boolean): void;
  /** The next outbound call's far-end stream, while the phone is idle (see ReadyOffer): playing it
   *  ahead makes the player's set-up (~10 ms of the page's main thread) happen before the click,
   *  not between the INVITE and its answer. */
  standbyStream?(stream: MediaStream): void;
  /** An agent's phone: a monitor request arrived; answer with acceptMonitor or rejectMonitor. */
  monitorRequest?(request: MonitorRequest): void;
  /** The lead switched modes; false refuses the switch (the lead's phone is told 403). */
  monitorMode?(id: string, mode: MonitorMode): boolean;
  /** The monitor call ended (the lead left, or this end hung it up). */
  monitorEnded?(id: string): void;
  /** A call in progress moved to another microphone (switchInput): what records it must follow. */
  inputSwitched?(info: CallInfo, microphone: MediaStream): void;
}

/** Why the phone would not do what was asked: a key in phone.error.* and its values. */
export class PhoneError extends Error {
  constructor(readonly code: 'busy' | 'notStarted' | 'badNumber' | 'holdFailed' | 'holdPending' | 'notConnected', readonly detail: string = '') {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** How long an INVITE may go without any answer (not even 100 Trying) before the proxy counts as gone. */
export const NO_RESPONSE_MS = 5_000;
/** How long the caller's phone has to report the transferred call answered (NOTIFY 2xx). */
const TRANSFER_TIMEOUT_MS = 20_000;
/** After a completed transfer, the colleague's phone ends the replaced consult call; if it
 *  has not after this long (a phone that does not honour Replaces), this end does. */
const REPLACED_GRACE_MS = 3_000;

/** A Refer-To value that carries URI headers must be a name-addr (RFC 3261 20.1): in angle brackets. */
class ReferTo extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

interface Entry {
  session: Session;
  info: CallInfo;
  status: number | null;
  cause: LocalCause;
  timers: ReturnType<typeof setTimeout>[];
  /** Settles once the INVITE is on the wire (or could not be sent). */
  sent: Promise<void>;
}

export class Softphone {
  private ua: UserAgent | null = null;
  private keeper: RegistrationKeeper | null = null;
  private stopping = false;
  private sessions = new Map<string, Entry>();
  /** Monitor calls into this phone (an agent's), by request id. */
  private monitors = new Map<string, Invitation>();
  /** What a call sends instead of the microphone (a monitor mix in barge), kept across hold. */
  private outgoing = new Map<string, MediaStreamTrack>();
  private counter = 0;
  private inputId = '';
  private readonly microphone = new WarmMicrophone();
  private ready: ReadyOffer | null = null;
  private credentials: ProxyCredentials | null = null;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  readonly quality = new CallQuality();

  constructor(private readonly config: SoftphoneConfig, private readonly events: SoftphoneEvents) {}

  private get domain(): string {
    return UserAgent.makeURI(this.config.uri)?.host ?? '';
  }

  async start(): Promise<void> {
    const uri = UserAgent.makeURI(this.config.uri);
    if (!uri) throw new Error(`Not a SIP address: ${this.config.uri}`);
    this.events.registration({ state: 'connecting' });
    const servers = this.config.iceServers.map((s) => (s.username ? { urls: s.urls, username: s.username, credential: s.credential } : { urls: s.urls }));
    const policy: RTCIceTransportPolicy = this.config.iceRelayOnly ? 'relay' : 'all';
    const proxy = this.config.outboundProxy.trim();
    const media: Web.MediaStreamFactory = (constraints) => this.microphone.take(constraints);
    const need = iceNeed(servers, policy);
    this.ready = new ReadyOffer(media, need, (stream) => this.events.standbyStream?.(stream));
    this.ua = new UserAgent({
      uri,
      displayName: this.config.displayName || undefined,
      authorizationUsername: this.config.authUser || uri.user,
      authorizationPassword: this.config.password,
      transportOptions: { server: this.config.server, connectionTimeout: 5 },
      // An outbound proxy other than the WebSocket server is a preloaded route (RFC 3261 8.1.2) on every request, REGISTER too.
      preloadedRouteSet: proxy ? [`<${proxy.replace(/^(?!sips?:)/i, 'sip:')};lr>`] : [],
      sessionDescriptionHandlerFactory: fastSessionDescriptionHandlerFactory(media, need, this.ready),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: servers, iceTransportPolicy: policy },
        iceGatheringTimeout: servers.length > 0 ? 3000 : 500,
      },
      // 180 is sent by us, once, when a call really rings (incoming()).
      sendInitialProvisionalResponse: false,
      // An attended transfer to this phone arrives as an INVITE with Replaces naming a call here.
      sipExtensionReplaces: SIPExtension.Supported,
      // Reconnection is ours (registration.ts): sip.js's own gives up after three tries, in lockstep.
      reconnectionAttempts: 0,
      logBuiltinEnabled: false,
      logLevel: 'error',
      delegate: {
        onConnect: () => this.keeper?.connected(),
        onDisconnect: (error) => {
          if (!this.stopping) this.keeper?.disconnected(error ? error.message : 'disconnected');
        },
        onInvite: (invitation) => this.incoming(invitation),
      },
    });
    this.credentials = new ProxyCredentials(this.ua);
    this.watchAnswers(this.ua);
    this.keeper = new RegistrationKeeper(this.ua, {
      expires: this.config.registerExpires,
      keepaliveMs: this.config.keepaliveMs,
      report: (registration) => {
        if (registration.state === 'registered') this.warm();
        this.events.registration(registration);
      },
    });
    try {
      await this.ua.start();
    } catch (error) {
      this.keeper.disconnected(error instanceof Error ? error.message : String(error));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const { session } of this.sessions.values()) await this.end(session).catch(() => undefined);
    await this.keeper?.stop();
    await this.ua?.stop().catch(() => undefined);
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.ready?.discard();
    this.microphone.release();
    this.events.registration({ state: 'off' });
  }

  get registration(): Registration {
    return this.keeper?.current ?? { state: 'off' };
  }

  /** Opens the microphone and WebRTC's machinery before the first call needs them. */
  private warm(): void {
    const opening = this.microphone.warm(this.inputId);
    void opening?.catch(() => undefined);
    // A spare peer connection only when it costs nothing elsewhere: with STUN or TURN servers an
    // idle spare would hold a relay allocation on the TURN server for as long as the agent waits.
    if (this.config.iceServers.length > 0) return;
    warmPeerConnection(peerConnectionConfiguration(this.factoryOptions()));
    // The next call's offer, once the microphone is open (its track goes in the offer).
    void opening?.then(() => this.prepareOffer(), () => undefined);
  }

  private factoryOptions(): Web.SessionDescriptionHandlerFactoryOptions | undefined {
    return this.ua?.configuration.sessionDescriptionHandlerFactoryOptions as Web.SessionDescriptionHandlerFactoryOptions | undefined;
  }

  /** Makes the next outbound call's offer while the phone is idle; made again before it is stale. */
  private prepareOffer(delayMs = 0): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => {
      this.readyTimer = null;
      if (this.stopping || !this.ua || this.keeper?.current.state !== 'registered') return;
      // Not during a call: it would compete with the call's own media for the machine.
      if (this.sessions.size > 0) return;
      this.ready?.prepare(this.ua, this.factoryOptions(), this.constraints());
      this.prepareOffer(READY_OFFER_MAX_AGE_MS);
    }, delayMs);
  }

  /** The call in progress that is the agent's (not a consult or a lead's monitor call), if any. */
  private primary(): Entry | undefined {
    return [...this.sessions.values()].find((e) => !e.info.consultFor && !e.info.monitor && !e.info.waiting && e.info.state !== 'ended');
  }

  /** Whether a call is live (dialling, ringing out, connected or on hold). */
  busy(): boolean {
    return this.primary() !== undefined || [...this.sessions.values()].some((e) => e.info.monitor && e.info.direction === 'outbound');
  }

  /** Whether `number` is a colleague (an extension or a SIP user) under the dial plan, not an outside number. */
  internal(number: string): boolean {
    try {
      const kind = dialTarget(number, this.config.dialPlan ?? DEFAULT_DIAL_PLAN, this.domain).kind;
      return kind === 'extension' || kind === 'user';
    } catch {
      return false;
    }
  }

  /** Places a call; `headers` go on the INVITE (the account's reference for the PBX's records). */
  dial(number: string, headers: Record<string, string> = {}): CallInfo {
    if (this.busy()) throw new PhoneError('busy');
    return this.place(number, headers, null);
  }

  /** A lead: calls an agent's phone (their SIP address) to join their call, with the server's grant. */
  monitor(target: string, grant: string, mode: MonitorMode): CallInfo {
    if (this.busy()) throw new PhoneError('busy');
    return this.place(target, { [MONITOR_GRANT_HEADER]: grant, [MONITOR_MODE_HEADER]: mode }, null, mode);
  }

  /** A lead: switches modes on a monitor call; resolves once the agent's console accepted it. */
  async setMonitorMode(callId: string, mode: MonitorMode): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry?.info.monitor || entry.session.state !== SessionState.Established) throw new Error('Not listening to a call');
    await new Promise<void>((resolve, reject) => {
      void entry.session.info({
        requestOptions: { body: { contentDisposition: 'render', contentType: MONITOR_INFO_TYPE, content: JSON.stringify({ mode }) } },
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => reject(new Error(`${response.message.statusCode} ${response.message.reasonPhrase}`)),
        },
      }).catch(reject);
    });
    // In listen the lead's microphone is off here too, not only ignored at the agent's end.
    this.sendersOf(entry.session).forEach((track) => { track.enabled = mode !== 'listen'; });
    this.update(callId, { monitor: mode });
  }

  private place(number: string, headers: Record<string, string>, consultFor: string | null, monitor: MonitorMode | null = null): CallInfo {
    if (!this.ua) throw new PhoneError('notStarted');
    let target: URI | undefined;
    try {
      target = UserAgent.makeURI(dialTarget(number, this.config.dialPlan ?? DEFAULT_DIAL_PLAN, this.domain).uri);
    } catch {
      target = undefined;
    }
    if (!target) throw new PhoneError('badNumber', number);
    const inviter = new Inviter(this.ua, target, {
      extraHeaders: Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      sessionDescriptionHandlerOptions: { constraints: this.constraints() },
      // A 183 with SDP: the far end's ringback or announcement is heard before the answer.
      earlyMedia: true,
    });
    this.credentials?.apply(inviter.request);
    // Shown once the INVITE is on the wire: the screen's update does not hold up the offer.
    const info = this.track(inviter, 'outbound', number, null, consultFor, monitor, false, false);
    if (monitor === 'listen') {
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) this.sendersOf(inviter).forEach((track) => { track.enabled = false; });
      });
    }
    const entry = this.sessions.get(info.id)!;
    let answered = false;
    const heard = () => {
      if (answered) return;
      answered = true;
      clearTimeout(noResponse);
    };
    // No answer at all, not even 100 Trying: the proxy is not there. Say so now, not in 32 s.
    const noResponse = setTimeout(() => {
      if (answered || inviter.state === SessionState.Established) return;
      this.giveUp(info.id, 'no_response');
    }, NO_RESPONSE_MS);
    entry.timers.push(noResponse);
    // The organisation's ring timeout: unanswered by then, it ends as no answer.
    if (!monitor && !consultFor) {
      entry.timers.push(setTimeout(() => {
        if (inviter.state === SessionState.Initial || inviter.state === SessionState.Establishing) this.giveUp(info.id, 'ring_timeout');
      }, (this.config.ringTimeoutSec ?? 30) * 1000));
    }
    // Marks for the call-setup bench (test/bench/call-setup.bench.ts): dial, INVITE sent, 200 OK, established.
    performance.mark(`fairline:dial:${info.id}`);
    entry.sent = inviter.invite({
      requestDelegate: {
        onTrying: heard,
        onProgress: (response) => {
          heard();
          const early = Boolean(response.message.body) && /^18[0-9]$/.test(String(response.message.statusCode));
          this.update(info.id, { state: 'ringing', ...(early ? { earlyMedia: true } : {}) });
          const sdh = inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
          if (early && sdh) this.events.remoteStream({ ...this.sessions.get(info.id)!.info }, sdh.remoteMediaStream, sdh.localMediaStream, true);
        },
        onReject: (response) => {
          heard();
          this.setStatus(info.id, response.message.statusCode ?? 0);
          this.update(info.id, { failure: response.message.reasonPhrase || null });
        },
        onRedirect: (response) => {
          heard();
          this.setStatus(info.id, response.message.statusCode ?? 0);
        },
        onAccept: () => {
          heard();
          performance.mark(`fairline:answered:${info.id}`);
          this.setStatus(info.id, 200);
        },
      },
    }).then(() => {
      performance.mark(`fairline:invite-sent:${info.id}`);
      this.playFromNow(info.id, inviter);
    }, () => this.setStatus(info.id, 0)) // not sent: the transport is down
      .finally(() => {
        const now = this.sessions.get(info.id);
        if (now?.session === inviter) this.events.call({ ...now.info });
      });
    return info;
  }

  /** The far end's stream goes to its owner as the INVITE leaves (`early`), so the audio element
   *  is set up during the ring instead of after the answer. The stream gets the receiver's track
   *  now: it is the very track the answer's ontrack brings (sip.js then keeps it), and an element
   *  given a stream with no track yet would never start playing the one added later. */
  private playFromNow(id: string, inviter: Inviter): void {
    const sdh = inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const pc = sdh?.peerConnection;
    const entry = this.sessions.get(id);
    if (!sdh || !pc || entry?.session !== inviter || inviter.state === SessionState.Terminated) return;
    const stream = sdh.remoteMediaStream;
    for (const receiver of pc.getReceivers()) {
      if (receiver.track.kind === 'audio' && stream.getAudioTracks().length === 0) stream.addTrack(receiver.track);
    }
    if (stream.getAudioTracks().length > 0) this.events.remoteStream({ ...entry.info }, stream, sdh.localMediaStream, true);
  }

  /** Whether this phone has the call (placed or taken, not ended yet). */
  has(callId: string): boolean {
    return this.sessions.has(callId);
  }

  /** Settles once the call's INVITE is on the wire: work that can wait (opening the talk
   *  track) waits for it, so it does not compete with the offer for the main thread. */
  sent(callId: string): Promise<void> {
    return this.sessions.get(callId)?.sent ?? Promise.resolve();
  }

  /** Ends an unanswered outbound call from this end, now: CANCEL goes out (sip.js sends it once
   *  the far end answers anything), and the call is over for the agent at once. */
  private giveUp(callId: string, cause: LocalCause): void {
    const entry = this.sessions.get(callId);
    if (!entry || !(entry.session instanceof Inviter)) return;
    entry.cause ??= cause;
    const session = entry.session;
    if (session.state === SessionState.Initial || session.state === SessionState.Establishing) void session.cancel().catch(() => undefined);
    // With no answer at all, sip.js waits 32 s for the INVITE transaction: the agent does not.
    if (cause === 'no_response') {
      void session.sessionDescriptionHandler?.close();
      this.finished(callId);
    }
  }

  /** Answers an inbound call. Call waiting: the call in progress ends first (one call at a time). */
  async answer(callId: string): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.info.direction !== 'inbound' || !(entry.session instanceof Invitation)) return;
    if (entry.info.waiting) {
      const current = this.primary();
      if (current) await this.end(current.session).catch(() => undefined);
      this.update(callId, { waiting: false });
    }
    await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: this.constraints() } });
  }

  /** Refuses a ringing inbound call with the account's code (486 Busy Here or 603 Decline). */
  async reject(callId: string): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry || !(entry.session instanceof Invitation) || entry.session.state !== SessionState.Initial) return;
    const statusCode = this.config.rejectCode ?? 486;
    entry.cause = 'declined';
    entry.status = statusCode;
    await entry.session.reject({ statusCode });
  }

  /** `cause`: why an unanswered outbound call is ended, when not the agent's own choice. */
  async hangUp(callId: string, cause: 'cancelled' | 'refused' | 'unchecked' = 'cancelled'): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry) return;
    if (entry.session instanceof Inviter && entry.info.state !== 'established') entry.cause ??= cause;
    if (entry.session instanceof Invitation && entry.session.state === SessionState.Initial) return this.reject(callId);
    await this.end(entry.session);
  }

  /** Hold: the far end is asked to stop sending (re-INVITE, sendonly) and this end stops too,
   *  once the far end accepted. Refused, nothing changes (PhoneError holdFailed says why). */
  async setHold(callId: string, held: boolean): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.session.state !== SessionState.Established) return;
    if (entry.info.holdPending) return; // a second press while the first is on the wire
    if (entry.info.held === held) return;
    const session = entry.session;
    this.update(callId, { holdPending: true });
    try {
      await new Promise<void>((resolve, reject) => {
        session.invite({
          sessionDescriptionHandlerOptions: { hold: held } as object,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new PhoneError('holdFailed', `${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        }).catch((error: unknown) => reject(new PhoneError('holdFailed', error instanceof Error ? error.message : String(error))));
      });
      const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
      const track = this.outgoing.get(callId) ?? sdh?.localMediaStream.getAudioTracks()[0] ?? null;
      for (const sender of this.peer(session)?.getSenders() ?? []) await sender.replaceTrack(held ? null : track);
      this.update(callId, { held, holdPending: false });
    } catch (error) {
      // The offer was rolled back by sip.js; the next re-INVITE must not carry this one's options.
      session.sessionDescriptionHandlerOptionsReInvite = { hold: !held } as object;
      this.update(callId, { holdPending: false });
      throw error;
    }
  }

  /** Mutes the microphone itself, so a monitor mix that carries it (to the lead, in barge to the debtor) goes quiet too. */
  setMuted(callId: string, muted: boolean): void {
    const entry = this.sessions.get(callId);
    const sdh = entry?.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    sdh?.localMediaStream.getAudioTracks().forEach((track) => { track.enabled = !muted; });
    this.update(callId, { muted });
  }

  /** The debtor call's media, for a monitor mix: what the far end sends, and the microphone. */
  callMedia(callId: string): { remote: MediaStream; mic: MediaStream } | null {
    const sdh = this.sessions.get(callId)?.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    return sdh ? { remote: sdh.remoteMediaStream, mic: sdh.localMediaStream } : null;
  }

  /** What a call sends: `track` (a monitor mix) or, with null, the microphone again. */
  async setOutgoingTrack(callId: string, track: MediaStreamTrack | null): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry) return;
    if (track) this.outgoing.set(callId, track);
    else this.outgoing.delete(callId);
    if (entry.info.held) return; // resume puts it on the wire
    const sdh = entry.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const send = track ?? sdh?.localMediaStream.getAudioTracks()[0] ?? null;
    for (const sender of this.peer(entry.session)?.getSenders() ?? []) await sender.replaceTrack(send);
  }

  /** An agent's phone: lets a verified monitor request in. Resolves with the lead's audio once connected. */
  async acceptMonitor(id: string): Promise<MediaStream> {
    const invitation = this.monitors.get(id);
    if (!invitation) throw new Error('The monitor request has gone');
    invitation.delegate = {
      onInfo: (info: Info) => void this.monitorInfo(id, info),
    };
    const established = new Promise<void>((resolve, reject) => {
      invitation.stateChange.addListener((state) => {
        if (state === SessionState.Established) resolve();
        if (state === SessionState.Terminated) reject(new Error('The lead hung up'));
      });
    });
    await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: this.constraints() } });
    await established;
    return (invitation.sessionDescriptionHandler as Web.SessionDescriptionHandler).remoteMediaStream;
  }

  /** An agent's phone: what the monitor call sends the lead (the mix of both sides). */
  async setMonitorOutgoing(id: string, track: MediaStreamTrack): Promise<void> {
    const invitation = this.monitors.get(id);
    for (const sender of this.peer(invitation)?.getSenders() ?? []) await sender.replaceTrack(track);
  }

  /** An agent's phone: refuses a monitor request; the reason goes back in the 403's reason phrase. */
  async rejectMonitor(id: string, reason: string): Promise<void> {
    const invitation = this.monitors.get(id);
    if (!invitation) return;
    await invitation.reject({ statusCode: 403, reasonPhrase: `Monitor refused: ${reason}` }).catch(() => undefined);
  }

  /** An agent's phone: ends a monitor call (the debtor's call ended). */
  async endMonitor(id: string): Promise<void> {
    const invitation = this.monitors.get(id);
    if (invitation) await this.end(invitation).catch(() => undefined);
  }

  private monitorInfo(id: string, info: Info): void {
    const request = info.request;
    const parsed = request.getHeader('Content-Type')?.startsWith(MONITOR_INFO_TYPE) ? safeJson(request.body) : undefined;
    const mode = MonitorInfo.safeParse(parsed);
    if (!mode.success) {
      void info.reject({ statusCode: 415, reasonPhrase: 'Expected a monitor mode' }).catch(() => undefined);
      return;
    }
    if (this.events.monitorMode?.(id, mode.data.mode) === false) {
      void info.reject({ statusCode: 403, reasonPhrase: `Mode not granted: ${mode.data.mode}` }).catch(() => undefined);
      return;
    }
    void info.accept().catch(() => undefined);
  }

  /** RFC 4733 telephone events, or SIP INFO when the far end negotiated none. */
  async sendDtmf(callId: string, digit: string): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.session.state !== SessionState.Established) return;
    const sdh = entry.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    // 200 ms, like a key held a moment: IVRs and ears both catch it on a loaded line.
    if (sdh?.sendDtmf(digit, { duration: 200, interToneGap: 70 })) return;
    await entry.session.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160` } } });
  }

  /** Blind transfer: the far end is sent to `number` (dialled as the dial plan says) and this call ends. */
  async transfer(callId: string, number: string): Promise<void> {
    const entry = this.sessions.get(callId);
    const target = UserAgent.makeURI(dialTarget(number, this.config.dialPlan ?? DEFAULT_DIAL_PLAN, this.domain).uri);
    if (!entry || !target) return;
    // Once the far end accepts the REFER it calls the target itself; this leg is done.
    await entry.session.refer(target, { requestDelegate: { onAccept: () => void this.end(entry.session) } });
  }

  /** Attended transfer, first step: the caller is held and the colleague (a SIP user, an
   *  extension or a number) is called on a second line. Resolves with the consult call. */
  async consult(callId: string, target: string): Promise<CallInfo> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.info.consultFor || entry.session.state !== SessionState.Established) throw new PhoneError('notConnected');
    if (this.consultOf(callId)) throw new PhoneError('busy');
    if (!entry.info.held) await this.setHold(callId, true);
    this.update(callId, { transfer: null });
    return this.place(target, {}, callId);
  }

  /** Attended transfer, last step: the caller is sent to the colleague on the consult call.
   *  The caller's call ends once their phone reports the colleague answered; if it reports a
   *  failure instead, the caller stays on hold here (transfer: 'failed'). */
  async completeTransfer(callId: string): Promise<void> {
    const entry = this.sessions.get(callId);
    const consult = this.consultOf(callId);
    const dialog = consult?.session.dialog;
    if (!entry || !consult || !dialog || consult.session.state !== SessionState.Established) throw new PhoneError('notConnected');
    const aor = consult.session.remoteIdentity.uri;
    // Tags as the colleague's phone sees the consult dialog: its own (to-tag) and ours (from-tag).
    const replaces = encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
    const referTo = new ReferTo('sip', aor.user ?? '', aor.host, aor.port, {}, { Replaces: [replaces] });
    this.update(callId, { transfer: 'completing' });
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!ok) {
        this.update(callId, { transfer: 'failed' });
        return;
      }
      void this.end(entry.session).catch(() => undefined);
      setTimeout(() => {
        if (consult.session.state === SessionState.Established) void this.end(consult.session).catch(() => undefined);
      }, REPLACED_GRACE_MS);
    };
    const timer = setTimeout(() => settle(false), TRANSFER_TIMEOUT_MS);
    await entry.session.refer(referTo, {
      requestDelegate: { onReject: () => settle(false) },
      onNotify: (notification: Notification) => {
        void notification.accept().catch(() => undefined);
        // message/sipfrag: the status line of the caller's INVITE to the colleague.
        const status = Number(/^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0);
        if (status >= 200) settle(status < 300);
      },
    }).catch((error: unknown) => {
      settle(false);
      throw error;
    });
  }

  /** Attended transfer abandoned: the consult call ends and the caller is taken off hold. */
  async returnToCaller(callId: string): Promise<void> {
    const consult = this.consultOf(callId);
    if (consult) await this.end(consult.session);
    const entry = this.sessions.get(callId);
    if (entry?.info.held) await this.setHold(callId, false);
    this.update(callId, { transfer: null });
  }

  /** The microphone for calls from now on ('' for the system default); kept open while registered. */
  setInputDevice(deviceId: string): void {
    this.inputId = deviceId;
    if (this.keeper?.current.state === 'registered') this.warm();
  }

  /** Moves calls in progress to another microphone (the chosen one was unplugged, or the agent
   *  chose another): a new track replaces the old one on the wire, no renegotiation. */
  async switchInput(deviceId: string): Promise<void> {
    this.setInputDevice(deviceId);
    for (const { session, info } of this.sessions.values()) {
      const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
      const pc = this.peer(session);
      if (!sdh || !pc || session.state !== SessionState.Established) continue;
      const stream = await this.microphone.take(this.constraints());
      const track = stream.getAudioTracks()[0];
      if (!track) continue;
      track.enabled = !info.muted;
      for (const old of sdh.localMediaStream.getAudioTracks()) {
        sdh.localMediaStream.removeTrack(old);
        old.stop();
      }
      sdh.localMediaStream.addTrack(track);
      const sent = this.outgoing.get(info.id) ?? track; // a monitor mix keeps going out; it follows through inputSwitched
      for (const sender of pc.getSenders()) if (sender.track || !info.held) await sender.replaceTrack(info.held ? null : sent);
      this.events.inputSwitched?.({ ...info }, new MediaStream([track]));
    }
  }

  /** The chosen microphone, exactly (Chromium ignores an "ideal" device id); if it is gone by
   *  the time a call starts, the default is taken rather than failing the call. */
  private constraints(): MediaStreamConstraints {
    return constraintsFor(this.inputId);
  }

  private consultOf(callId: string): Entry | undefined {
    return [...this.sessions.values()].find((e) => e.info.consultFor === callId);
  }

  private incoming(invitation: Invitation): void {
    const grant = invitation.request.getHeader(MONITOR_GRANT_HEADER);
    const mode = invitation.request.getHeader(MONITOR_MODE_HEADER);
    if (grant !== undefined || mode !== undefined) {
      this.monitorRequested(invitation, grant ?? '', mode);
      return;
    }
    const identity = invitation.remoteIdentity;
    const number = identity.uri.user ?? identity.uri.toString();
    // An attended transfer to this phone: the caller takes over a call here (sip.js matched its
    // Replaces to that call's dialog). Answered at once, as the same conversation.
    const replaced = invitation.replacee ? [...this.sessions.values()].find((e) => e.session === invitation.replacee) : undefined;
    if (replaced) {
      this.replace(replaced, invitation, number, identity.displayName || null);
      return;
    }
    const ringing = [...this.sessions.values()].some((e) => e.info.direction === 'inbound' && e.info.state === 'ringing');
    const live = this.busy();
    if (ringing || (live && (this.config.whenBusy ?? 'call_waiting') === 'busy')) {
      // Only one call waits at a time; with call waiting off, a live call means busy.
      void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    this.track(invitation, 'inbound', number, identity.displayName || null, null, null, live);
    void invitation.progress().catch(() => undefined);
  }

  /** The consult call (or any call) `old` is taken over by `invitation`: the call keeps its id,
   *  timer and controls, with the new far end. sip.js BYEs the old dialog once this one is answered. */
  private replace(old: Entry, invitation: Invitation, number: string, name: string | null): void {
    const id = old.info.id;
    const from = old.info.number;
    const entry: Entry = { session: invitation, info: { ...old.info, number, name, transferredFrom: from, held: false, holdPending: false }, status: old.status, cause: null, timers: [], sent: Promise.resolve() };
    this.sessions.set(id, entry);
    this.watch(entry);
    this.events.call({ ...entry.info });
    void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: this.constraints() } }).catch(() => undefined);
  }

  /** A monitor request never rings: its owner checks the grant first. Without an owner, or
   *  without a call in progress to join, it is refused here. */
  private monitorRequested(invitation: Invitation, grant: string, modeHeader: string | undefined): void {
    const id = `monitor-${Date.now().toString(36)}-${++this.counter}`;
    this.monitors.set(id, invitation);
    invitation.stateChange.addListener((state) => {
      if (state !== SessionState.Terminated) return;
      this.monitors.delete(id);
      this.events.monitorEnded?.(id);
    });
    const mode = MonitorMode.safeParse(modeHeader ?? 'listen');
    if (!mode.success || !this.events.monitorRequest) {
      void invitation.reject({ statusCode: 403, reasonPhrase: 'Monitor refused: invalid' }).catch(() => undefined);
      return;
    }
    const identity = invitation.remoteIdentity;
    this.events.monitorRequest({ id, grant, mode: mode.data, from: identity.uri.toString() });
  }

  private track(session: Session, direction: CallInfo['direction'], number: string, name: string | null, consultFor: string | null,
    monitor: MonitorMode | null = null, waiting = false, announce = true): CallInfo {
    const info: CallInfo = {
      id: `call-${Date.now().toString(36)}-${++this.counter}`, direction, number, name,
      state: direction === 'outbound' ? 'dialling' : 'ringing', startedAt: Date.now(), answeredAt: null, held: false, holdPending: false, muted: false,
      consultFor, transfer: null, monitor, failure: null, waiting, earlyMedia: false, transferredFrom: null,
    };
    const entry: Entry = { session, info, status: null, cause: null, timers: [], sent: Promise.resolve() };
    this.sessions.set(info.id, entry);
    this.watch(entry);
    if (announce) this.events.call({ ...info });
    return info;
  }

  /**
   * A call is answered when the far end's 200 OK arrives, and shown so at once. sip.js moves to
   * Established only once the answer is set on the peer connection and the ACK is sent, 10–40 ms
   * later in Chromium: the agent does not wait for that (media starts later still, after the ICE
   * checks and DTLS). sip.js has no hook for the 200 itself, so its responses are watched where
   * the transport hands them over.
   */
  private watchAnswers(ua: UserAgent): void {
    const core = ua.userAgentCore;
    const receive = core.receiveIncomingResponseFromTransport.bind(core);
    core.receiveIncomingResponseFromTransport = (message) => {
      receive(message); // sip.js first: applying the answer starts before the screen is updated
      this.answerArrived(message);
    };
  }

  private answerArrived(message: Core.IncomingResponseMessage): void {
    const status = message.statusCode ?? 0;
    if (message.method !== 'INVITE' || status < 200 || status >= 300) return;
    for (const [id, entry] of this.sessions) {
      const { session } = entry;
      if (!(session instanceof Inviter) || session.request.callId !== message.callId) continue;
      // A re-INVITE's 200 (hold) finds the call Established; a second fork's finds it answered;
      // one crossing our CANCEL (a status or cause already set here) is acked and ended by sip.js.
      if (session.state === SessionState.Establishing && entry.status === null && entry.cause === null) {
        performance.mark(`fairline:answer:${id}`);
        this.answered(id);
      }
    }
  }

  /** The call is answered: on screen as "Connected", its timers stopped. Once per call. */
  private answered(id: string): void {
    const entry = this.sessions.get(id);
    if (!entry || entry.info.answeredAt !== null) return;
    entry.timers.forEach(clearTimeout);
    this.update(id, { state: 'established', answeredAt: Date.now(), waiting: false });
  }

  private watch(entry: Entry): void {
    const { session } = entry;
    const id = entry.info.id;
    session.stateChange.addListener((state) => {
      if (this.sessions.get(id)?.session !== session) return;
      if (state === SessionState.Established) {
        performance.mark(`fairline:established:${id}`);
        this.answered(id); // an inbound call, or an outbound one whose 200 was not seen (early media)
        const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
        const info = this.sessions.get(id)!.info;
        if (sdh) this.events.remoteStream({ ...info }, sdh.remoteMediaStream, sdh.localMediaStream);
        const pc = this.peer(session);
        // The quality shown is the caller's line, not a consult or monitor call's.
        if (pc && !info.consultFor && !info.monitor) this.quality.watch(pc);
      }
      // sip.js terminates the session before it hands over the final response: let that land first.
      if (state === SessionState.Terminated) setTimeout(() => this.finished(id), 0);
    });
  }

  private update(id: string, patch: Partial<CallInfo>): void {
    const entry = this.sessions.get(id);
    if (!entry) return;
    Object.assign(entry.info, patch);
    this.events.call({ ...entry.info });
  }

  /** The final response (0: the INVITE never left). */
  private setStatus(id: string, status: number): void {
    const entry = this.sessions.get(id);
    if (entry && entry.status === null) entry.status = status;
  }

  private finished(id: string): void {
    const entry = this.sessions.get(id);
    if (!entry) return;
    this.sessions.delete(id);
    this.outgoing.delete(id);
    entry.timers.forEach(clearTimeout);
    if (!entry.info.consultFor && !entry.info.monitor && !entry.info.waiting) {
      this.quality.stop();
      // The caller's call is over: a consult call made for it goes too, and any lead listening in.
      const consult = this.consultOf(id);
      if (consult) void this.end(consult.session).catch(() => undefined);
      for (const monitorId of this.monitors.keys()) void this.endMonitor(monitorId);
    }
    entry.info.state = 'ended';
    // The next call's offer, once this one's media is gone.
    if (this.sessions.size === 0) this.prepareOffer(500);
    const end = outcomeOf({ answered: entry.info.answeredAt !== null, status: entry.status, connected: this.ua?.isConnected() ?? false, cause: entry.cause });
    this.events.ended({ ...entry.info }, end);
  }

  private async end(session: Session): Promise<void> {
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter && this.isAnswered(session)) {
          // Its 200 is in and sip.js is applying the answer: a CANCEL would do nothing now.
          if (await settled(session) === SessionState.Established) await session.bye();
          return;
        }
        if (session instanceof Inviter) {
          // Our CANCEL: the INVITE ends 487 Request Terminated, an unanswered call.
          for (const [id, entry] of this.sessions) if (entry.session === session) this.setStatus(id, 487);
          await session.cancel();
        }
        else await (session as Invitation).reject({ statusCode: this.config.rejectCode ?? 486 });
        return;
      case SessionState.Established:
        await session.bye();
        return;
      default:
        return;
    }
  }

  private isAnswered(session: Session): boolean {
    for (const entry of this.sessions.values()) if (entry.session === session) return entry.info.answeredAt !== null;
    return false;
  }

  private sendersOf(session: Session): MediaStreamTrack[] {
    return (this.peer(session)?.getSenders() ?? []).flatMap((sender) => (sender.track ? [sender.track] : []));
  }

  private peer(session: Session | undefined): RTCPeerConnection | undefined {
    return (session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
  }
}

/** The session's state once it is no longer establishing (Established or Terminated). */
function settled(session: Session): Promise<SessionState> {
  if (session.state !== SessionState.Establishing && session.state !== SessionState.Initial) return Promise.resolve(session.state);
  return new Promise((resolve) => {
    const listener = (state: SessionState) => {
      if (state === SessionState.Establishing) return;
      session.stateChange.removeListener(listener);
      resolve(state);
    };
    session.stateChange.addListener(listener);
  });
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
