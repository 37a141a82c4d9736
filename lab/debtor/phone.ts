// One SIP-over-WebSocket endpoint in a page: a bare sip.js UserAgent that registers, treats
// incoming calls according to its behaviour, places calls on command and records everything
// it sees, so tests can ask afterwards. Nothing here knows about the console.
import {
  type Info, Invitation, Inviter, type Referral, Registerer, type Session, SessionState, SIPExtension, URI, UserAgent, Web,
} from 'sip.js';
import type {
  CallRecord, HeardTone, MediaStats, PagePhone, PhoneConfig, PhoneState,
} from './protocol';
import { listen, type Listener, loadDtmfWorklet } from './listen';
import { onThisMachine } from './loopback';
import { releaseStream, streamFactory } from './source';
import { summarise } from './stats';

interface Call {
  record: CallRecord;
  session: Session;
  listener: Listener | null;
  lastStats: MediaStats | null;
  statsTimer: ReturnType<typeof setInterval> | null;
  answerTimer: ReturnType<typeof setTimeout> | null;
}

const log = (line: string) => void window.labLog?.(line);

export function createPhone(config: PhoneConfig): PagePhone {
  const ctx = new AudioContext();
  const media = streamFactory(ctx, config);
  const calls: Call[] = [];
  let registered = false;
  let registeredAt: number | null = null;
  let startedAt: number | null = null;
  let stopping = false;
  let counter = 0;

  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${config.user}@${config.domain}`),
    displayName: config.displayName,
    authorizationUsername: config.user,
    authorizationPassword: config.password,
    transportOptions: { server: config.wsUrl, connectionTimeout: 5 },
    // Nothing may leave the machine: only local candidates (loopback.ts), and no STUN
    // server (sip.js defaults to a public one).
    sessionDescriptionHandlerFactory: onThisMachine(Web.defaultSessionDescriptionHandlerFactory(media.create), config.machineAddresses),
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: 1000,
    },
    // sip.js rejects an unanswered call with 480 after 60 s; a "no answer" debtor must ring
    // until the caller gives up.
    noAnswerTimeout: 3600,
    // sip.js would send 180 Ringing before we see the INVITE; a busy phone does not ring.
    sendInitialProvisionalResponse: false,
    // An attended transfer arrives as an INVITE with Replaces naming one of our calls: sip.js
    // matches it to that call (invitation.replacee) and ends the replaced call once answered.
    sipExtensionReplaces: SIPExtension.Supported,
    logBuiltinEnabled: false,
    logConfiguration: false,
    logLevel: 'warn',
    logConnector: (level, category, _label, content) => log(`sip.js ${level} ${category}: ${content}`),
    delegate: {
      onInvite: (invitation) => onInvite(invitation),
      onConnect: () => void register(),
      onDisconnect: (error) => {
        registered = false;
        if (error && !stopping) void reconnect();
      },
    },
  });
  const registerer = new Registerer(ua, { expires: config.expires });

  // The proxy may be killed and restarted under us (the resilience tests do it): keep trying
  // to reconnect, and register again once connected, since a restarted proxy forgot us.
  async function reconnect(): Promise<void> {
    while (!stopping && !ua.isConnected()) {
      await sleep(250);
      try {
        await ua.reconnect();
      } catch {
        // still down; try again
      }
    }
  }

  async function register(): Promise<void> {
    if (stopping) return;
    try {
      await registerer.register({
        requestDelegate: {
          onAccept: () => {
            registered = true;
            registeredAt = Date.now();
          },
          onReject: (response) => {
            registered = false;
            log(`REGISTER rejected: ${response.message.statusCode} ${response.message.reasonPhrase}`);
          },
        },
      });
    } catch (error) {
      log(`REGISTER not sent: ${String(error)}`); // e.g. one already in flight
    }
  }

  function track(session: Session, direction: CallRecord['direction'], remote: string): Call {
    const call: Call = {
      record: {
        id: `c${++counter}`, direction, remote, startedAt: Date.now(), ringingAt: null, answeredAt: null,
        endedAt: null, status: null, reason: null, state: 'ringing', endedBy: null, dtmf: [],
        referredFrom: null, replaced: null, provisional: [],
      },
      session, listener: null, lastStats: null, statsTimer: null, answerTimer: null,
    };
    calls.push(call);
    session.delegate = {
      onBye: () => { call.record.endedBy ??= 'remote'; },
      onCancel: () => { call.record.endedBy ??= 'remote'; },
      onInfo: (info) => onInfo(call, info),
      onRefer: (referral) => onRefer(call, referral),
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) established(call);
      if (state === SessionState.Terminated) ended(call);
    });
    return call;
  }

  function established(call: Call): void {
    call.record.state = 'established';
    call.record.answeredAt = Date.now();
    call.record.status = 200;
    call.record.reason ??= 'OK';
    const pc = peerConnection(call);
    if (!pc) return;
    const remote = new MediaStream(pc.getReceivers().map((r) => r.track));
    call.listener = listen(ctx, remote, (digit) => call.record.dtmf.push({ digit, via: 'rfc4733', at: Date.now() }));
    // Keep a recent snapshot: once the call ends its peer connection is closed.
    call.statsTimer = setInterval(() => void liveStats(call).then((s) => { if (s) call.lastStats = s; }), 1000);
  }

  function ended(call: Call): void {
    if (call.answerTimer) clearTimeout(call.answerTimer);
    if (call.statsTimer) clearInterval(call.statsTimer);
    call.listener?.stop();
    const sdh = call.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    releaseStream(sdh?.localMediaStream);
    call.record.state = 'ended';
    call.record.endedAt = Date.now();
    // A call that ends before an answer without a final response we saw was cancelled.
    call.record.status ??= 487;
    call.record.reason ??= 'Request Terminated';
  }

  /** A transfer: accept the REFER and call where it says (with its Replaces, if any). sip.js
   *  reports the new call's progress to the transferor in NOTIFYs; the old call stays until
   *  the transferor ends it. */
  function onRefer(from: Call, referral: Referral): void {
    void referral.accept().then(() => {
      const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
      const call = track(inviter, 'outbound', inviter.remoteIdentity.uri.toString());
      call.record.referredFrom = from.record.id;
      return inviter.invite({
        requestDelegate: {
          onReject: (response) => {
            call.record.status = response.message.statusCode ?? null;
            call.record.reason = response.message.reasonPhrase ?? null;
          },
        },
      });
    }).catch((error: unknown) => log(`REFER not followed: ${String(error)}`));
  }

  function onInvite(invitation: Invitation): void {
    const call = track(invitation, 'inbound', invitation.remoteIdentity.uri.toString());
    const replaced = calls.find((c) => c.session === invitation.replacee);
    if (replaced) {
      // It takes over a call already up: answer at once, without ringing.
      call.record.replaced = replaced.record.id;
      replaced.record.endedBy ??= 'local';
      void accept(call);
      return;
    }
    if (config.behaviour === 'busy') {
      call.record.status = 486;
      call.record.reason = 'Busy Here';
      call.record.endedBy = 'local';
      void invitation.reject({ statusCode: 486 });
      return;
    }
    void invitation.progress().then(() => { call.record.ringingAt = Date.now(); });
    const answers = config.behaviour === 'answer' || config.behaviour === 'voicemail'
      || (config.behaviour === 'manual' && config.autoAnswer);
    if (answers) call.answerTimer = setTimeout(() => void accept(call), config.ringMs);
  }

  async function accept(call: Call): Promise<void> {
    if (!(call.session instanceof Invitation) || call.session.state !== SessionState.Initial) return;
    await call.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  }

  function onInfo(call: Call, info: Info): void {
    const type = info.request.getHeader('Content-Type') ?? '';
    const body = info.request.body ?? '';
    // application/dtmf-relay carries "Signal=5"; application/dtmf carries the digit alone.
    const digit = /dtmf-relay/i.test(type) ? /Signal\s*=\s*([0-9A-D*#])/i.exec(body)?.[1]
      : /application\/dtmf/i.test(type) ? body.trim().charAt(0) : undefined;
    if (digit) call.record.dtmf.push({ digit: digit.toUpperCase(), via: 'info', at: Date.now() });
    void info.accept();
  }

  function peerConnection(call: Call): RTCPeerConnection | undefined {
    return (call.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
  }

  async function liveStats(call: Call): Promise<MediaStats | null> {
    const pc = peerConnection(call);
    if (!pc || pc.connectionState === 'closed') return null;
    return summarise(await pc.getStats());
  }

  async function hangup(call: Call): Promise<void> {
    const { session } = call;
    if (session.state === SessionState.Terminated || session.state === SessionState.Terminating) return;
    call.record.endedBy ??= 'local';
    if (session.state === SessionState.Established) {
      await session.bye();
    } else if (session instanceof Inviter) {
      await session.cancel();
    } else if (session instanceof Invitation) {
      call.record.status = 486;
      call.record.reason = 'Busy Here';
      await session.reject({ statusCode: 486 });
    }
  }

  function pick(callId?: string): Call {
    const call = callId ? calls.find((c) => c.record.id === callId)
      : [...calls].reverse().find((c) => c.record.state !== 'ended') ?? calls[calls.length - 1];
    if (!call) throw new Error(callId ? `No call ${callId}` : 'No call yet');
    return call;
  }

  return {
    async start() {
      startedAt = Date.now();
      await Promise.all([media.warmUp(), loadDtmfWorklet(ctx)]);
      await ua.start(); // onConnect registers
    },
    async stop() {
      stopping = true;
      for (const call of calls) if (call.record.state !== 'ended') await hangup(call).catch(() => undefined);
      // Unregister first: a contact left behind would make the proxy route calls to a dead page.
      if (ua.isConnected()) await registerer.unregister().catch(() => undefined);
      await ua.stop();
      await ctx.close();
    },
    state(): PhoneState {
      return { startedAt, registered, registeredAt, connected: ua.isConnected(), calls: calls.map((c) => structuredClone(c.record)) };
    },
    call(target, headers = {}) {
      const uri = UserAgent.makeURI(target.startsWith('sip:') ? target : `sip:${target}@${config.domain}`);
      if (!uri) throw new Error(`Not a SIP target: ${target}`);
      const inviter = new Inviter(ua, uri, {
        extraHeaders: Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
      });
      const call = track(inviter, 'outbound', uri.toString());
      void inviter.invite({
        requestDelegate: {
          onProgress: (response) => {
            call.record.provisional.push(response.message.statusCode ?? 0);
            if (response.message.statusCode === 180 || response.message.statusCode === 183) call.record.ringingAt ??= Date.now();
          },
          onReject: (response) => {
            call.record.status = response.message.statusCode ?? null;
            call.record.reason = response.message.reasonPhrase ?? null;
          },
        },
      }).catch((error: unknown) => log(`INVITE failed: ${String(error)}`));
      return call.record.id;
    },
    answer: (callId) => accept(pick(callId)),
    hangup: (callId) => hangup(pick(callId)),
    async sendDtmf(digits, via, callId) {
      const call = pick(callId);
      if (call.record.state !== 'established') throw new Error(`Call ${call.record.id} is not established`);
      if (via === 'rfc4733') {
        const sender = peerConnection(call)?.getSenders()[0]?.dtmf;
        if (!sender) throw new Error('No RTCDTMFSender in this call');
        // Resolve once the browser has played the whole queue out (tonechange with "").
        const done = new Promise<void>((resolve) => {
          const onChange = (event: RTCDTMFToneChangeEvent) => {
            if (event.tone !== '') return;
            sender.removeEventListener('tonechange', onChange);
            resolve();
          };
          sender.addEventListener('tonechange', onChange);
        });
        const sdh = call.session.sessionDescriptionHandler as Web.SessionDescriptionHandler;
        // 200 ms tones (the WebRTC default is 100): the far end detects RFC 4733 digits by ear
        // (the browser plays them out), and a loaded machine can clip a short tone to nothing.
        if (!sdh.sendDtmf(digits, { duration: 200, interToneGap: 100 })) throw new Error('The browser refused to send RFC 4733 DTMF');
        await Promise.race([done, sleep(digits.length * 1000 + 1000)]);
        return;
      }
      for (const digit of digits) {
        await call.session.info({
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=100\r\n` } },
        });
      }
    },
    async stats(callId) {
      const call = pick(callId);
      return (await liveStats(call)) ?? call.lastStats;
    },
    transfer(target, callId) {
      const call = pick(callId);
      const consult = calls.find((c) => c.record.id === target);
      let referTo: URI;
      if (consult) {
        const dialog = consult.session.dialog;
        if (!dialog) throw new Error(`Call ${target} is not established`);
        const aor = consult.session.remoteIdentity.uri;
        const replaces = encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
        referTo = new NameAddrUri('sip', aor.user ?? '', aor.host, aor.port, {}, { Replaces: [replaces] });
      } else {
        const uri = UserAgent.makeURI(target.startsWith('sip:') ? target : `sip:${target}@${config.domain}`);
        if (!uri) throw new Error(`Not a SIP target: ${target}`);
        referTo = uri;
      }
      return new Promise<number>((resolve, reject) => {
        call.session.refer(referTo, {
          requestDelegate: { onReject: () => resolve(0) },
          onNotify: (notification) => {
            void notification.accept();
            const status = Number(/^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0);
            if (status >= 200) resolve(status);
          },
        }).catch(reject);
      });
    },
    heard: (callId): HeardTone[] => pick(callId).listener?.heard() ?? [],
    toneNow: (callId) => pick(callId).listener?.toneNow() ?? null,
  };
}

/** Refer-To with URI headers must be a name-addr (RFC 3261 20.1): in angle brackets. */
class NameAddrUri extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
