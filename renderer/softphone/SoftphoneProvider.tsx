// The softphone for the whole console: started from the SIP account, its registration shown
// in the top bar, calls logged as they end (with the recording's hash), the far end played on
// the chosen output device, inbound calls rung on the ringing device and matched to the
// accounts their number belongs to, an attended transfer's consult call beside the call, and a
// team lead on a call: a lead's monitor call into an agent's, and on an agent's console the
// lead let in (agent-monitor.ts). An answered outbound call is listened to for its first
// seconds to tell a person from an answering machine (amd/), logged with the attempt.
//
// The call in progress is kept twice: in the context (`active`, which most of the console reads)
// and in a small store the call bar reads (useActiveCall). At the answer only the store changes
// in the answer's own task, so "Connected" is drawn without re-rendering the whole shell (every
// reader of the context: the top bar, the account page…); the context follows after that frame.
import { createContext, type ReactNode, type SetStateAction, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { PhoneMatch, PhonePrefs } from '../../shared/api/contract';
import type { AnsweringDetection } from '../../shared/domain/answering';
import { type MonitorMode, MonitorRefusal } from '../../shared/domain/monitor';
import { useApi } from '../api/ApiContext';
import { useNotify } from '../app/Toasts';
import { consoleNow, consoleTime } from '../app/use-now';
import { DeviceRouter, type DeviceRole, type Routing } from './devices';
import type { CallEnd } from './outcomes';
import { CallRecorder, warmAudio } from './recorder';
import { Ringer } from './ringer';
import { AgentMonitor, type Monitored } from './agent-monitor';
import { detectAnswering, type Listening, preloadAnsweringModel } from './amd/listen';
import { type CallInfo, PhoneError, type Registration, Softphone } from './softphone';
import type { Quality } from './quality';


/** Runs `fn` once, after the next frame is painted, or after 100 ms if no frame comes (a hidden window). */
function afterNextPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 100);
}

export interface Incoming {
  call: CallInfo;
  matches: PhoneMatch[] | null;
}

/** A lead's call into an agent's (listen, whisper or barge). */
export interface LeadMonitor {
  callId: string;
  agentId: string;
  agentName: string;
  mode: MonitorMode;
  modes: MonitorMode[];
  state: CallInfo['state'];
  answeredAt: number | null;
}

export type { Monitored };

/** Who answered the call in progress: null while the first seconds are listened to. */
export interface Answering {
  callId: string;
  result: AnsweringDetection | null;
}

export interface EndedCall {
  info: CallInfo;
  end: CallEnd;
  accountId: string | null;
}

/** The text for why the phone refused something (PhoneError), else the error's own. */
export function phoneErrorText(t: (key: never, values?: Record<string, unknown>) => string, error: unknown): string | null {
  if (!(error instanceof PhoneError)) return null;
  return t(`softphone.error.${error.code}` as never, { detail: error.detail });
}

interface SoftphoneApi {
  registration: Registration;
  /** The call in progress (placed or answered), if any. */
  active: CallInfo | null;
  /** The consult call of an attended transfer, while the caller of `active` waits on hold. */
  consult: CallInfo | null;
  incoming: Incoming | null;
  quality: Quality | null;
  prefs: PhonePrefs;
  /** The devices in use ('' ids: the system default). */
  routing: Routing | null;
  dial(target: { accountId: string | null; phoneId: string | null; number: string; ref: string | null }): string;
  answer(accountId: string | null, phoneId: string | null): Promise<void>;
  /** Rejects the ringing call with the account's code (486 or 603). */
  reject(): Promise<void>;
  /** The last call that ended, and how (shown in words until the next call). */
  lastEnded: EndedCall | null;
  /** The account's ring timeout, in seconds. */
  ringTimeoutSec: number;
  /** Whether a dialled string is a colleague (extension or SIP user) under the account's dial plan. */
  internal(number: string): boolean;
  /** Settles once the call's INVITE is on the wire. */
  sent(callId: string): Promise<void>;
  /** Settles once the call's set-up is over: "Connected" painted, or the call ended (at once for a
   *  call the phone does not have). Work that can wait for it stays off the answer's way. */
  settled(callId: string): Promise<void>;
  hangUp(): Promise<void>;
  /** Hangs up (or cancels) this call, on screen or not yet; false if the phone does not have it. */
  hangUpCall(callId: string, cause?: 'refused' | 'unchecked'): boolean;
  setHold(held: boolean): Promise<void>;
  setMuted(muted: boolean): void;
  sendDtmf(digit: string): Promise<void>;
  /** Blind transfer. */
  transfer(number: string): Promise<void>;
  /** Attended transfer: hold the caller and call the colleague. */
  startConsult(target: string): Promise<void>;
  completeTransfer(): Promise<void>;
  returnToCaller(): Promise<void>;
  /** Rings (or stops ringing) on the ringing device; IncomingCall decides. */
  setRinging(on: boolean): void;
  /** Called once a call ended and its attempt is logged. */
  onEnded(listener: (ended: EndedCall) => void): () => void;
  /** Whether a call already ended (and was logged): a busy number can end before the talk
   *  track that dialled it has its call id, so it could never hear onEnded. */
  hasEnded(callId: string): boolean;
  /** How a call that already ended (and was logged) ended, if it is one of the last few. */
  endedCall(callId: string): EndedCall | null;
  /** Settings changed: register again with the new ones. */
  restart(): void;
  /** Softphone preferences saved in Settings: applied at once. */
  setPrefs(prefs: PhonePrefs): void;
  /** A lead: the agent's call they are on, if any. */
  monitoring: LeadMonitor | null;
  /** A lead: joins an agent's call (a grant from the server, then a call to the agent's phone). */
  startMonitor(agentId: string, mode: MonitorMode): Promise<void>;
  setMonitorMode(mode: MonitorMode): Promise<void>;
  stopMonitor(): Promise<void>;
  /** An agent: the lead on this call, if any. */
  monitored: Monitored | null;
  /** Answering-machine detection of the outbound call in progress (or just ended), if any. */
  answering: Answering | null;
}

/** Why an agent's console refuses a lead (the 403's reason phrase names one). */
const REFUSALS = [...MonitorRefusal.options, 'busy'] as const;

const SoftphoneContext = createContext<SoftphoneApi | null>(null);

/** The call in progress (the context's `active`, ahead of it at the answer). */
class ActiveCallStore {
  private value: CallInfo | null = null;
  private readonly listeners = new Set<() => void>();
  readonly get = (): CallInfo | null => this.value;
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(value: CallInfo | null): void {
    if (value === this.value) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}

const ActiveCallContext = createContext<ActiveCallStore | null>(null);
/** How long after an outbound call starts the screen leaves the main thread to the answer (a phone on the LAN answers within it). */
export const RING_QUIET_MS = 120;
/** How long after registering the VAD model starts loading (a second or two of one core). */
const MODEL_PRELOAD_DELAY_MS = 3000;
const NO_PREFS: PhonePrefs = { autoAnswer: false, input: null, output: null, ringing: null };

export function SoftphoneProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t } = useTranslation();
  const notify = useNotify();
  const [registration, setRegistration] = useState<Registration>({ state: 'off' });
  const [active, setActiveState] = useState<CallInfo | null>(null);
  const [activeStore] = useState(() => new ActiveCallStore());
  /** Sets the call on screen: the store at once, the context as React schedules it. */
  const setActive = useCallback((next: SetStateAction<CallInfo | null>) => {
    const value = typeof next === 'function' ? next(activeStore.get()) : next;
    activeStore.set(value);
    setActiveState(value);
  }, [activeStore]);
  const [consult, setConsult] = useState<CallInfo | null>(null);
  const [incoming, setIncoming] = useState<Incoming | null>(null);
  const [quality, setQuality] = useState<Quality | null>(null);
  const [prefs, setPrefsState] = useState<PhonePrefs>(NO_PREFS);
  const [routing, setRouting] = useState<Routing | null>(null);
  const [monitoring, setMonitoring] = useState<LeadMonitor | null>(null);
  const [monitored, setMonitored] = useState<Monitored | null>(null);
  const [lastEnded, setLastEnded] = useState<EndedCall | null>(null);
  const [answering, setAnswering] = useState<Answering | null>(null);
  const listening = useRef(new Map<string, Listening>());
  const detections = useRef(new Map<string, AnsweringDetection>());
  const [ringTimeoutSec, setRingTimeoutSec] = useState(30);
  const monitoringRef = useRef<LeadMonitor | null>(null);
  const monitorAudio = useRef<HTMLAudioElement | null>(null);
  const [generation, setGeneration] = useState(0);
  const phone = useRef<Softphone | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const consultAudio = useRef<HTMLAudioElement | null>(null);
  const ringAudio = useRef<HTMLAudioElement | null>(null);
  const ringer = useRef<Ringer | null>(null);
  const router = useRef<DeviceRouter | null>(null);
  const recorder = useRef<CallRecorder | null>(null);
  const recorders = useRef(new Map<string, CallRecorder>());
  const activeRef = useRef<CallInfo | null>(null);
  const targets = useRef(new Map<string, { accountId: string | null; phoneId: string | null }>());
  const listeners = useRef(new Set<(e: EndedCall) => void>());
  const endedCalls = useRef<EndedCall[]>([]);
  /** Who waits for a call's set-up to be over (settled()). */
  const settling = useRef(new Map<string, (() => void)[]>());
  const settle = useCallback((callId: string) => {
    const waiting = settling.current.get(callId);
    settling.current.delete(callId);
    for (const resolve of waiting ?? []) resolve();
  }, []);
  /** Consult calls the agent ended (Return to caller): no notice when they end. */
  const leftConsults = useRef(new Set<string>());
  const say = useRef({ t, notify });
  say.current = { t, notify };

  // Devices: where calls play and ring, which microphone they take; a chosen device that
  // goes away gives way to the default, with a notice.
  useEffect(() => {
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media) return;
    ringer.current = ringAudio.current ? new Ringer(ringAudio.current) : null;
    const r = new DeviceRouter(media, (next, missing) => {
      setRouting(next);
      void applyRouting(next, missing);
    });
    router.current = r;
    void api.invoke('settings.get', {}).then((settings) => {
      setPrefsState(settings.phone);
      return r.start(settings.phone);
    }, () => r.start(NO_PREFS));
    return () => {
      r.stop();
      ringer.current?.dispose();
      router.current = null;
    };

    async function applyRouting(next: Routing, missing: DeviceRole[]): Promise<void> {
      for (const role of missing) {
        const { t: tr, notify: show } = say.current;
        show('error', tr('phone.deviceMissing', { device: next[role].chosen?.label || next[role].chosen?.id || '', role: tr(`phone.deviceRole.${role}`) }));
      }
      for (const [element, id] of [[audio.current, next.output.id], [consultAudio.current, next.output.id], [monitorAudio.current, next.output.id], [ringAudio.current, next.ringing.id]] as const) {
        if (element && element.sinkId !== id) await element.setSinkId(id).catch(() => element.setSinkId('').catch(() => undefined));
      }
      const p = phone.current;
      if (!p) return;
      // The microphone of a call in progress moves only when it has to (its device went away).
      if (missing.includes('input') && activeRef.current) await p.switchInput('').catch(() => undefined);
      else p.setInputDevice(next.input.id);
    }
  }, [api]);

  useEffect(() => {
    let stopped = false;
    let softphone: Softphone | null = null;
    void api.invoke('sip.account', {}).then((sip) => {
      if (stopped || !sip.server || !sip.uri) return;
      setRingTimeoutSec(sip.ringTimeoutSec);
      const agentMonitor = new AgentMonitor({
        api,
        phone: () => softphone,
        call: () => {
          const a = activeRef.current;
          return a && a.state === 'established' ? { id: a.id, accountId: targets.current.get(a.id)?.accountId ?? null } : null;
        },
        play: (stream) => {
          if (monitorAudio.current) monitorAudio.current.srcObject = stream;
        },
        record: (stream) => recorder.current?.add(stream) ?? (() => undefined),
        onChange: setMonitored,
      });
      softphone = new Softphone(sip, {
        registration: (r) => {
          // The recorder's audio context, ready before the first call is answered.
          if (r.state === 'registered') {
            warmAudio();
            // The VAD model, once the phone is idle: its loading never competes with a registration or a call's set-up.
            setTimeout(() => preloadAnsweringModel((m) => console.warn(m)), MODEL_PRELOAD_DELAY_MS);
          }
          setRegistration(r);
        },
        monitorRequest: (request) => void agentMonitor.request(request),
        monitorMode: (id, mode) => agentMonitor.mode(id, mode),
        monitorEnded: (id) => agentMonitor.ended(id),
        // The recording started on the old microphone's track, which has ended: the new one joins it.
        inputSwitched: (info, microphone) => {
          if (!info.consultFor && !info.monitor) recorder.current?.add(microphone);
        },
        call: (info) => {
          if (info.monitor) {
            const current = monitoringRef.current;
            if (current?.callId === info.id) {
              const next = { ...current, mode: info.monitor, state: info.state, answeredAt: info.answeredAt };
              monitoringRef.current = next;
              setMonitoring(next);
            }
            return;
          }
          if (info.consultFor) {
            setConsult(info);
            return;
          }
          if (info.direction === 'inbound' && info.state === 'ringing') {
            setIncoming({ call: info, matches: null });
            api.invoke('phone.lookup', { number: info.number }).then(
              (matches) => setIncoming((i) => (i?.call.id === info.id ? { ...i, matches } : i)),
              () => setIncoming((i) => (i?.call.id === info.id ? { ...i, matches: [] } : i)),
            );
            return;
          }
          if (info.state === 'established') setIncoming((i) => (i?.call.id === info.id ? null : i));
          const answeredNow = info.state === 'established' && !(activeRef.current?.id === info.id && activeRef.current.state === 'established');
          activeRef.current = info;
          // "Connected" on screen in this very task (the answer's), before anything else the answer
          // starts: the call bar alone is rendered now (it reads the store); the rest of the
          // console (the context's readers, the talk track's start) once that frame is painted,
          // in a task of its own after whatever else waited for the paint. Not as a transition:
          // on a busy machine the other updates of a live call (timers, answering-machine
          // detection) kept interrupting it, and the talk track waited seconds after "Connected".
          // "Dialling…" and "Ringing…" may wait for the call's own messages.
          if (answeredNow) {
            flushSync(() => activeStore.set(info));
            performance.mark(`fairline:connected-shown:${info.id}`);
            afterNextPaint(() => setTimeout(() => {
              setActiveState(activeStore.get());
              settle(info.id);
            }, 0));
          } else if (info.state === 'established' || info.state === 'ended') setActive(info);
          else if (info.direction === 'outbound' && info.startedAt > Date.now() - RING_QUIET_MS) ringSoon();
          else startTransition(() => setActive(info));
          if (info.state !== 'ended') setLastEnded((e) => (e && e.info.id !== info.id ? null : e));
        },
        standbyStream: (stream) => {
          if (!activeRef.current && !monitoringRef.current) play(audio.current, stream);
        },
        remoteStream: (info, remote, local, early) => {
          if (early) {
            // Attached when the INVITE leaves (the element's set-up is done during the ring, not after
            // the answer); a 183's ringback or announcement plays on it: heard, not recorded (the
            // recording is the conversation).
            if (!info.consultFor && !info.monitor) play(audio.current, remote);
            return;
          }
          void router.current?.refresh(); // the microphone is allowed now: device labels are known
          if (info.monitor) {
            // The agent's mix of both sides: heard, never recorded.
            play(monitorAudio.current, remote);
            return;
          }
          if (info.consultFor) {
            // The colleague is heard, not recorded: the recording is the debtor's call.
            play(consultAudio.current, remote);
            return;
          }
          play(audio.current, remote);
          const r = new CallRecorder((seq, data) => api.invoke('recording.append', { callId: info.id, seq, data }));
          recorder.current = r;
          recorders.current.set(info.id, r);
          startWhenHeard(r, remote, local, info.direction === 'outbound' ? () => listen(info.id, remote) : null);
        },
        ended: (info, end) => {
          if (info.monitor) monitorEnded(info, end);
          else if (info.consultFor) consultEnded(info);
          else void logEnded(info, end);
        },
      });
      const input = router.current?.current()?.input.id;
      if (input) softphone.setInputDevice(input);
      phone.current = softphone;
      softphone.quality.subscribe(setQuality);
      void softphone.start();
    }, () => undefined);

    /** The first moments of an outbound call are when a near phone answers: "Dialling…" and
     *  "Ringing…" are drawn once they are over (RING_QUIET_MS), unless the call was answered or
     *  ended by then, so the main thread is free for the answer's messages. */
    let ringTimer: ReturnType<typeof setTimeout> | null = null;
    function ringSoon(): void {
      if (ringTimer) return;
      ringTimer = setTimeout(() => {
        ringTimer = null;
        const current = activeRef.current;
        if (current && current.state !== 'established' && current.state !== 'ended') startTransition(() => setActive(current));
      }, RING_QUIET_MS);
    }

    /** Starts the call's recording off the answer's critical path, yet before a word can be lost:
     *  after "Connected" is painted, or the moment the far end's first audio arrives (the remote
     *  track unmutes on its first packets), whichever comes first. On loopback the audio comes
     *  after the paint; on a real network later still (ICE checks and DTLS follow the answer). */
    function startWhenHeard(r: CallRecorder, remote: MediaStream, local: MediaStream | null, then: (() => void) | null): void {
      let started = false;
      const go = () => {
        if (started) return;
        started = true;
        r.start(remote, local);
        // After the recorder and after "Connected" is painted: detection (an audio graph and the
        // model's session) never delays the recording or the screen. A hidden window paints no
        // frames, so it starts within 100 ms regardless.
        if (then) afterNextPaint(then);
      };
      const track = remote.getAudioTracks()[0];
      if (!track || !track.muted) {
        go();
        return;
      }
      track.addEventListener('unmute', () => {
        performance.mark('fairline:remote-audio');
        go();
      }, { once: true });
      requestAnimationFrame(() => setTimeout(go, 0));
    }

    /** Answering-machine detection on an answered outbound call's far end, until it decides or the call ends. */
    function listen(callId: string, remote: MediaStream): void {
      if (activeRef.current?.id !== callId || activeRef.current.state !== 'established') return; // ended meanwhile
      setAnswering({ callId, result: null });
      const warn = (message: string) => console.warn(message);
      listening.current.set(callId, detectAnswering(remote, (result) => {
        listening.current.delete(callId);
        if (!result) {
          setAnswering((a) => (a?.callId === callId ? null : a)); // could not listen: the call goes on as it was
          return;
        }
        detections.current.set(callId, result);
        setAnswering((a) => (a?.callId === callId ? { callId, result } : a));
      }, warn));
    }

    /** A lead's monitor call is over: a refusal or a failure says why. */
    function monitorEnded(info: CallInfo, end: CallEnd): void {
      const current = monitoringRef.current;
      if (current?.callId !== info.id) return;
      monitoringRef.current = null;
      setMonitoring(null);
      if (monitorAudio.current) monitorAudio.current.srcObject = null;
      if (info.answeredAt !== null) return;
      const { t: tr, notify: show } = say.current;
      const refused = REFUSALS.find((r) => info.failure === `Monitor refused: ${r}`);
      show('error', refused
        ? tr('monitor.refusedByAgent', { agent: current.agentName, reason: tr(`monitor.refusal.${refused}`) })
        : tr('monitor.unreachable', { agent: current.agentName, status: end.sipStatus ?? '—' }));
    }

    function consultEnded(info: CallInfo): void {
      setConsult((c) => (c?.id === info.id ? null : c));
      if (consultAudio.current) consultAudio.current.srcObject = null;
      const caller = activeRef.current;
      // The colleague hung up or never answered: the caller is still on hold here.
      const left = leftConsults.current.delete(info.id);
      if (!left && caller?.id === info.consultFor && caller.transfer !== 'completing') say.current.notify('error', say.current.t('phone.consultEnded'));
    }

    async function logEnded(info: CallInfo, end: CallEnd): Promise<void> {
      const wasActive = activeRef.current?.id === info.id;
      if (wasActive) activeRef.current = null;
      setActive((a) => (a?.id === info.id ? null : a));
      setIncoming((i) => (i?.call.id === info.id ? null : i));
      if (wasActive) setQuality(null);
      // This call's own recording: a waiting call rejected meanwhile has none, and must not stop the live call's.
      const own = recorders.current.get(info.id);
      recorders.current.delete(info.id);
      if (recorder.current === own) recorder.current = null;
      const durationMs = await own?.stop().catch(() => null) ?? null;
      const target = targets.current.get(info.id) ?? { accountId: null, phoneId: null };
      targets.current.delete(info.id);
      listening.current.get(info.id)?.stop();
      listening.current.delete(info.id);
      const detected = detections.current.get(info.id) ?? null;
      detections.current.delete(info.id);
      await api.invoke('call.logAttempt', {
        accountId: target.accountId, callId: info.id, direction: info.direction, phoneId: target.phoneId, number: info.number,
        // On the core's clock, as the talk track's times are: the core logs steps from this answer.
        result: end.result, startedAt: consoleTime(info.startedAt).toISOString(),
        answeredAt: info.answeredAt ? consoleTime(info.answeredAt).toISOString() : null, endedAt: consoleNow().toISOString(),
        sipStatus: end.sipStatus, recordingDurationMs: durationMs, ...(detected ? { answering: detected } : {}),
      }).catch(() => undefined); // logged best effort; the wrap-up still opens
      const ended = { info, end, accountId: target.accountId };
      endedCalls.current = [...endedCalls.current.slice(-19), ended];
      settle(info.id);
      setLastEnded(ended);
      for (const l of listeners.current) l(ended);
    }

    return () => {
      stopped = true;
      for (const l of listening.current.values()) l.stop();
      listening.current.clear();
      void softphone?.stop();
      phone.current = null;
      setRegistration({ state: 'off' });
    };
  }, [api, generation, activeStore, setActive, settle]);

  const dial = useCallback<SoftphoneApi['dial']>((target) => {
    const p = phone.current;
    if (!p) throw new PhoneError('notStarted');
    const info = p.dial(target.number, target.ref ? { 'X-Fairline-Account': target.ref } : {});
    targets.current.set(info.id, { accountId: target.accountId, phoneId: target.phoneId });
    // On screen once the INVITE is on the wire (the phone announces it then); busy from now on.
    activeRef.current = info;
    return info.id;
  }, []);

  const startMonitor = useCallback<SoftphoneApi['startMonitor']>(async (agentId, mode) => {
    const p = phone.current;
    if (!p) throw new Error('The softphone is not connected');
    if (activeRef.current || monitoringRef.current) throw new Error('Already on a call');
    const grant = await api.invoke('monitor.start', { agentId, mode });
    const info = p.monitor(grant.target, grant.grant, mode);
    const next: LeadMonitor = { callId: info.id, agentId, agentName: grant.agentName, mode, modes: grant.modes, state: info.state, answeredAt: null };
    monitoringRef.current = next;
    setMonitoring(next);
  }, [api]);

  // The actions act on the call on screen (the store): at the answer the context's `active` follows a frame later.
  const value = useMemo<SoftphoneApi>(() => ({
    registration, active, consult, incoming, quality, prefs, routing, dial, monitoring, monitored, startMonitor, lastEnded, ringTimeoutSec, answering,
    setMonitorMode: async (mode) => {
      if (monitoring) await phone.current?.setMonitorMode(monitoring.callId, mode);
    },
    stopMonitor: async () => {
      if (monitoring) await phone.current?.hangUp(monitoring.callId);
    },
    answer: async (accountId, phoneId) => {
      if (!incoming) return;
      targets.current.set(incoming.call.id, { accountId, phoneId });
      ringer.current?.stop();
      await phone.current?.answer(incoming.call.id);
    },
    reject: async () => {
      ringer.current?.stop();
      if (incoming) await phone.current?.reject(incoming.call.id);
    },
    hangUp: async () => {
      const a = activeStore.get();
      if (a) await phone.current?.hangUp(a.id);
    },
    hangUpCall: (callId, cause) => {
      const p = phone.current;
      if (!p?.has(callId)) return false;
      void p.hangUp(callId, cause).catch(() => undefined);
      return true;
    },
    setHold: async (held) => {
      const a = activeStore.get();
      if (a) await phone.current?.setHold(a.id, held);
    },
    setMuted: (muted) => {
      const a = activeStore.get();
      if (a) phone.current?.setMuted(a.id, muted);
    },
    sendDtmf: async (digit) => {
      const a = activeStore.get();
      if (a) await phone.current?.sendDtmf(a.id, digit);
    },
    transfer: async (number) => {
      const a = activeStore.get();
      if (a) await phone.current?.transfer(a.id, number);
    },
    startConsult: async (target) => {
      const a = activeStore.get();
      if (a) await phone.current?.consult(a.id, target);
    },
    completeTransfer: async () => {
      const a = activeStore.get();
      if (a) await phone.current?.completeTransfer(a.id);
    },
    returnToCaller: async () => {
      if (consult) leftConsults.current.add(consult.id);
      const a = activeStore.get();
      if (a) await phone.current?.returnToCaller(a.id);
    },
    setRinging: (on) => {
      if (on) ringer.current?.start();
      else ringer.current?.stop();
    },
    onEnded: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
    hasEnded: (callId) => endedCalls.current.some((e) => e.info.id === callId),
    endedCall: (callId) => endedCalls.current.find((e) => e.info.id === callId) ?? null,
    internal: (number) => phone.current?.internal(number) ?? false,
    sent: (callId) => phone.current?.sent(callId) ?? Promise.resolve(),
    settled: (callId) => {
      const current = activeStore.get();
      const done = !phone.current?.has(callId) || (current?.id === callId && current.state === 'established');
      if (done) return Promise.resolve();
      return new Promise<void>((resolve) => settling.current.set(callId, [...settling.current.get(callId) ?? [], resolve]));
    },
    // Off at once, in the same render as whatever asked for the restart (a saved setting), so
    // 'registered' is never the old account's while the new one registers.
    restart: () => {
      setRegistration({ state: 'off' });
      setGeneration((g) => g + 1);
    },
    setPrefs: (next) => {
      setPrefsState(next);
      void router.current?.setPrefs(next);
    },
  }), [registration, active, consult, incoming, quality, prefs, routing, dial, monitoring, monitored, startMonitor, lastEnded, ringTimeoutSec, answering, activeStore]);

  return (
    <SoftphoneContext value={value}>
      <ActiveCallContext value={activeStore}>{children}</ActiveCallContext>
      <audio ref={audio} autoPlay data-testid="softphone-audio" />
      <audio ref={consultAudio} autoPlay data-testid="softphone-consult-audio" />
      <audio ref={monitorAudio} autoPlay data-testid="softphone-monitor-audio" />
      <audio ref={ringAudio} data-testid="softphone-ringer" />
    </SoftphoneContext>
  );
}

/** Plays `stream` on `element`. The same stream, already playing, is left alone: setting
 *  srcObject again runs the element's load anew (a 10 ms task right after the answer). */
/** Streams an element was given with their audio track in: nothing to set up again (a silent
 *  standby stream stays HAVE_NOTHING until the call's audio flows). */
const attachedWithAudio = new WeakSet<MediaStream>();

function play(element: HTMLAudioElement | null, stream: MediaStream): void {
  if (!element) return;
  if (element.srcObject === stream && (element.readyState !== HTMLMediaElement.HAVE_NOTHING || attachedWithAudio.has(stream))) return;
  element.srcObject = stream;
  if (stream.getAudioTracks().length > 0) attachedWithAudio.add(stream);
}

/** The call in progress, as the call bar shows it: "Connected" from the answer's own task, a
 *  frame before the context's `active` (which the rest of the console reads). */
export function useActiveCall(): CallInfo | null {
  const store = useContext(ActiveCallContext);
  if (!store) throw new Error('useActiveCall outside SoftphoneProvider');
  return useSyncExternalStore(store.subscribe, store.get);
}

export function useSoftphone(): SoftphoneApi {
  const value = useContext(SoftphoneContext);
  if (!value) throw new Error('useSoftphone outside SoftphoneProvider');
  return value;
}
