// The softphone: a sip.js UserAgent behind a small interface, and the only module that knows
// sip.js. Works with any SIP-over-WebSocket server (Kamailio, Asterisk, FreeSWITCH).
//
// - Registration: on start, and again after every reconnect; a dropped WebSocket (the proxy
//   restarted, the network changed) is retried with backoff, and the phone says it is offline
//   until it is registered again.
// - Calls: one at a time (a consult call during an attended transfer is the exception), each
//   reported to the caller as it changes and once more when it ends, with its SIP outcome
//   mapped to what compliance counts.
// - Transfers: blind (REFER to the colleague), or attended: the caller is held while the agent
//   consults the colleague on a second call, then the caller is sent a REFER whose Refer-To is
//   the colleague's address of record with a Replaces header naming the consult call
//   (RFC 3891, RFC 5589). The caller's phone INVITEs that address through the proxy, which
//   finds the colleague by registration; the colleague's phone swaps the consult call for it.
//   Refer-To is built here rather than by sip.js, whose Refer-To is the consult dialog's
//   remote target: a WebSocket client's contact (x@y.invalid), which nothing outside that
//   dialog can reach.
// - Monitoring (docs/monitor.md): a lead's phone calls an agent's with a grant in a SIP header
//   (monitor()); the agent's phone does not ring for it but asks its owner (monitorRequest),
//   which checks the grant and accepts or refuses it. Mode changes are INFO requests in that
//   dialog. What each side hears is mixed by the owner (monitor-mixer.ts): the phone only swaps
//   the tracks it sends (setOutgoingTrack, setMonitorOutgoing).
// - Nothing leaves the configured servers: ICE servers come from settings (none by default;
//   sip.js would otherwise use a public STUN server).
import { type Info, type Invitation, Inviter, type Notification, Registerer, type Session, SessionState, URI, UserAgent, Web } from 'sip.js';
import { MONITOR_GRANT_HEADER, MONITOR_INFO_TYPE, MONITOR_MODE_HEADER, MonitorInfo, MonitorMode } from '../../shared/monitor/protocol';
import { type CallEnd, outcomeOf } from './outcomes';
import { CallQuality } from './quality';

export interface SoftphoneConfig {
  server: string;
  uri: string;
  authUser: string;
  password: string;
  displayName: string;
  outboundProxy: string;
  registerExpires: number;
  iceServers: string[];
}

export type Registration = { state: 'off' } | { state: 'connecting' } | { state: 'registered' } | { state: 'offline'; reason: string };

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
  muted: boolean;
  /** Set on a consult call (attended transfer): the id of the call whose caller waits on hold. */
  consultFor: string | null;
  /** An attended transfer of this call: being completed, or refused by the far end (the caller is still held). */
  transfer: null | 'completing' | 'failed';
  /** Set on a lead's call into an agent's: the mode asked for (docs/monitor.md). */
  monitor: MonitorMode | null;
  /** The reason phrase of a final failure response (a refused monitor request says why). */
  failure: string | null;
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
  /** The far end's audio, to play (and to record). */
  remoteStream(info: CallInfo, stream: MediaStream, local: MediaStream | null): void;
  /** An agent's phone: a monitor request arrived; answer with acceptMonitor or rejectMonitor. */
  monitorRequest?(request: MonitorRequest): void;
  /** The lead switched modes; false refuses the switch (the lead's phone is told 403). */
  monitorMode?(id: string, mode: MonitorMode): boolean;
  /** The monitor call ended (the lead left, or this end hung it up). */
  monitorEnded?(id: string): void;
  /** A call in progress moved to another microphone (switchInput): what records it must follow. */
  inputSwitched?(info: CallInfo, microphone: MediaStream): void;
}

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

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

export class Softphone {
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private stopping = false;
  private attempt = 0;
  private sessions = new Map<string, { session: Session; info: CallInfo; status: number | null }>();
  /** Monitor calls into this phone (an agent's), by request id. */
  private monitors = new Map<string, Invitation>();
  /** What a call sends instead of the microphone (a monitor mix in barge), kept across hold. */
  private outgoing = new Map<string, MediaStreamTrack>();
  private counter = 0;
  private inputId = '';
  readonly quality = new CallQuality();

  constructor(private readonly config: SoftphoneConfig, private readonly events: SoftphoneEvents) {}

  private get domain(): string {
    return UserAgent.makeURI(this.config.uri)?.host ?? '';
  }

  async start(): Promise<void> {
    const uri = UserAgent.makeURI(this.config.uri);
    if (!uri) throw new Error(`Not a SIP address: ${this.config.uri}`);
    this.events.registration({ state: 'connecting' });
    this.ua = new UserAgent({
      uri,
      displayName: this.config.displayName || undefined,
      authorizationUsername: this.config.authUser || uri.user,
      authorizationPassword: this.config.password,
      transportOptions: { server: this.config.server, connectionTimeout: 5 },
      sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(microphone),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: this.config.iceServers.map((urls) => ({ urls })) },
        iceGatheringTimeout: 500,
      },
      // Reconnection is ours (reconnect()): sip.js's own gives up after three tries.
      reconnectionAttempts: 0,
      logBuiltinEnabled: false,
      logLevel: 'error',
      delegate: {
        onConnect: () => void this.register(),
        onDisconnect: (error) => {
          if (this.stopping) return;
          this.events.registration({ state: 'offline', reason: error ? error.message : 'disconnected' });
          void this.reconnect();
        },
        onInvite: (invitation) => this.incoming(invitation),
      },
    });
    this.registerer = new Registerer(this.ua, { expires: this.config.registerExpires });
    this.registerer.stateChange.addListener((state) => {
      if (state === 'Registered') {
        this.attempt = 0;
        this.events.registration({ state: 'registered' });
      }
      if (state === 'Unregistered' && !this.stopping) this.events.registration({ state: 'offline', reason: 'not registered' });
    });
    try {
      await this.ua.start();
    } catch (error) {
      this.events.registration({ state: 'offline', reason: error instanceof Error ? error.message : String(error) });
      void this.reconnect();
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const { session } of this.sessions.values()) await this.end(session).catch(() => undefined);
    await this.registerer?.unregister().catch(() => undefined);
    await this.ua?.stop().catch(() => undefined);
    this.events.registration({ state: 'off' });
  }

  private async register(): Promise<void> {
    await this.registerer?.register({
      requestDelegate: {
        // After a reconnect the registerer may still think it is registered (no state change
        // to hear about), so the 200 itself is what says "registered".
        onAccept: () => {
          this.attempt = 0;
          this.events.registration({ state: 'registered' });
        },
        onReject: (response) => this.events.registration({ state: 'offline', reason: `${response.message.statusCode} ${response.message.reasonPhrase}` }),
      },
    }).catch(() => undefined); // one already in flight
  }

  private async reconnect(): Promise<void> {
    while (!this.stopping && this.ua && !this.ua.isConnected()) {
      await sleep(BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!);
      if (this.stopping) return;
      await this.ua.reconnect().catch(() => undefined);
    }
  }

  /** Places a call; `headers` go on the INVITE (the account's reference for the PBX's records). */
  dial(number: string, headers: Record<string, string> = {}): CallInfo {
    return this.place(number, headers, null);
  }

  /** A lead: calls an agent's phone (their SIP address) to join their call, with the server's grant. */
  monitor(target: string, grant: string, mode: MonitorMode): CallInfo {
    const info = this.place(target, { [MONITOR_GRANT_HEADER]: grant, [MONITOR_MODE_HEADER]: mode }, null, mode);
    return info;
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
    if (!this.ua) throw new Error('The softphone is not started');
    // A full SIP address (an agent's, to monitor), else a number or a colleague's SIP user.
    const target = /^sips?:/.test(number) ? UserAgent.makeURI(number) : UserAgent.makeURI(`sip:${number.replace(/[\s\-().]/g, '')}@${this.domain}`);
    if (!target) throw new Error(`Cannot call ${number}`);
    // An outbound proxy other than the WebSocket server is a preloaded route (RFC 3261 8.1.2).
    const route = this.config.outboundProxy ? [`Route: <${this.config.outboundProxy.replace(/^(?!sip:)/, 'sip:')};lr>`] : [];
    const inviter = new Inviter(this.ua, target, {
      extraHeaders: [...route, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)],
      sessionDescriptionHandlerOptions: { constraints: this.constraints() },
    });
    const info = this.track(inviter, 'outbound', number, null, consultFor, monitor);
    if (monitor === 'listen') {
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) this.sendersOf(inviter).forEach((track) => { track.enabled = false; });
      });
    }
    // Marks for the call-setup bench (test/bench/call-setup.bench.ts): dial, INVITE sent, established.
    performance.mark(`fairline:dial:${info.id}`);
    void inviter.invite({
      requestDelegate: {
        onProgress: () => this.update(info.id, { state: 'ringing' }),
        onReject: (response) => {
          this.setStatus(info.id, response.message.statusCode ?? 0);
          this.update(info.id, { failure: response.message.reasonPhrase || null });
        },
        onAccept: () => this.setStatus(info.id, 200),
      },
    }).then(() => performance.mark(`fairline:invite-sent:${info.id}`), () => this.setStatus(info.id, 0)); // not sent: the transport is down
    return info;
  }

  async answer(callId: string): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.info.direction !== 'inbound') return;
    await (entry.session as Invitation).accept({ sessionDescriptionHandlerOptions: { constraints: this.constraints() } });
  }

  async hangUp(callId: string): Promise<void> {
    const entry = this.sessions.get(callId);
    if (entry) await this.end(entry.session);
  }

  /** Hold: the far end is asked to stop sending (re-INVITE, sendonly) and this end stops too. */
  async setHold(callId: string, held: boolean): Promise<void> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.session.state !== SessionState.Established) return;
    entry.session.sessionDescriptionHandlerOptionsReInvite = { hold: held } as object;
    await entry.session.invite();
    const sdh = entry.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const track = this.outgoing.get(callId) ?? sdh?.localMediaStream.getAudioTracks()[0] ?? null;
    for (const sender of this.peer(entry.session)?.getSenders() ?? []) await sender.replaceTrack(held ? null : track);
    this.update(callId, { held });
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
    if (!entry) return;
    const sdh = entry.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    // 200 ms, like a key held a moment: IVRs and ears both catch it on a loaded line.
    if (sdh?.sendDtmf(digit, { duration: 200, interToneGap: 70 })) return;
    await entry.session.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160` } } });
  }

  /** Blind transfer: the far end is sent to `number` and this call ends. */
  async transfer(callId: string, number: string): Promise<void> {
    const entry = this.sessions.get(callId);
    const target = UserAgent.makeURI(`sip:${number}@${this.domain}`);
    if (!entry || !target) return;
    // Once the far end accepts the REFER it calls the target itself; this leg is done.
    await entry.session.refer(target, { requestDelegate: { onAccept: () => void this.end(entry.session) } });
  }

  /** Attended transfer, first step: the caller is held and the colleague (a SIP user or a
   *  number) is called on a second line. Resolves with the consult call. */
  async consult(callId: string, target: string): Promise<CallInfo> {
    const entry = this.sessions.get(callId);
    if (!entry || entry.info.consultFor || entry.session.state !== SessionState.Established) throw new Error('The call is not connected');
    if (this.consultOf(callId)) throw new Error('Already consulting a colleague');
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
    if (!entry || !consult || !dialog || consult.session.state !== SessionState.Established) throw new Error('The colleague has not answered');
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

  /** The microphone for calls from now on ('' for the system default). */
  setInputDevice(deviceId: string): void {
    this.inputId = deviceId;
  }

  /** Moves calls in progress to another microphone (the chosen one was unplugged, or the agent
   *  chose another): a new track replaces the old one on the wire, no renegotiation. */
  async switchInput(deviceId: string): Promise<void> {
    this.inputId = deviceId;
    for (const { session, info } of this.sessions.values()) {
      const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
      const pc = this.peer(session);
      if (!sdh || !pc || session.state !== SessionState.Established) continue;
      const stream = await navigator.mediaDevices.getUserMedia(this.constraints());
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
   *  the time a call starts, microphone() takes the default rather than failing the call. */
  private constraints(): MediaStreamConstraints {
    return { audio: this.inputId ? { deviceId: { exact: this.inputId } } : true, video: false };
  }

  private consultOf(callId: string): { session: Session; info: CallInfo } | undefined {
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
    this.track(invitation, 'inbound', identity.uri.user ?? identity.uri.toString(), identity.displayName || null, null);
    void invitation.progress().catch(() => undefined);
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

  private track(session: Session, direction: CallInfo['direction'], number: string, name: string | null, consultFor: string | null, monitor: MonitorMode | null = null): CallInfo {
    const info: CallInfo = {
      id: `call-${Date.now().toString(36)}-${++this.counter}`, direction, number, name,
      state: direction === 'outbound' ? 'dialling' : 'ringing', startedAt: Date.now(), answeredAt: null, held: false, muted: false,
      consultFor, transfer: null, monitor, failure: null,
    };
    this.sessions.set(info.id, { session, info, status: null });
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        performance.mark(`fairline:established:${info.id}`);
        this.update(info.id, { state: 'established', answeredAt: Date.now() });
        const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
        if (sdh) this.events.remoteStream({ ...info }, sdh.remoteMediaStream, sdh.localMediaStream);
        const pc = this.peer(session);
        // The quality shown is the caller's line, not a consult or monitor call's.
        if (pc && !consultFor && !monitor) this.quality.watch(pc);
      }
      // sip.js terminates the session before it hands over the final response: let that land first.
      if (state === SessionState.Terminated) setTimeout(() => this.finished(info.id), 0);
    });
    this.events.call({ ...info });
    return info;
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
    if (!entry.info.consultFor && !entry.info.monitor) {
      this.quality.stop();
      // The caller's call is over: a consult call made for it goes too, and any lead listening in.
      const consult = this.consultOf(id);
      if (consult) void this.end(consult.session).catch(() => undefined);
      for (const monitorId of this.monitors.keys()) void this.endMonitor(monitorId);
    }
    entry.info.state = 'ended';
    const end = outcomeOf({ answered: entry.info.answeredAt !== null, status: entry.status, connected: this.ua?.isConnected() ?? false });
    this.events.ended({ ...entry.info }, end);
  }

  private async end(session: Session): Promise<void> {
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) {
          // Our CANCEL: the INVITE ends 487 Request Terminated, an unanswered call.
          for (const [id, entry] of this.sessions) if (entry.session === session) this.setStatus(id, 487);
          await session.cancel();
        }
        else await (session as Invitation).reject();
        return;
      case SessionState.Established:
        await session.bye();
        return;
      default:
        return;
    }
  }

  private sendersOf(session: Session): MediaStreamTrack[] {
    return (this.peer(session)?.getSenders() ?? []).flatMap((sender) => (sender.track ? [sender.track] : []));
  }

  private peer(session: Session | undefined): RTCPeerConnection | undefined {
    return (session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
  }
}

/** The microphone for a call; the chosen device unplugged a moment ago gives way to the default. */
async function microphone(constraints: MediaStreamConstraints): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    const gone = error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError');
    if (!gone || constraints.audio === true) throw error;
    return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
