// The softphone for the whole console: started from the SIP settings, its registration shown
// in the top bar, calls logged as they end (with the recording's hash), the far end played,
// and an inbound call matched to the accounts its number belongs to.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { PhoneMatch } from '../../shared/api/contract';
import { useApi } from '../api/ApiContext';
import type { CallEnd } from './outcomes';
import { CallRecorder } from './recorder';
import { type CallInfo, type Registration, Softphone } from './softphone';
import type { Quality } from './quality';

export interface Incoming {
  call: CallInfo;
  matches: PhoneMatch[] | null;
}

export interface EndedCall {
  info: CallInfo;
  end: CallEnd;
  accountId: string | null;
}

interface SoftphoneApi {
  registration: Registration;
  /** The call in progress (placed or answered), if any. */
  active: CallInfo | null;
  incoming: Incoming | null;
  quality: Quality | null;
  dial(target: { accountId: string | null; phoneId: string | null; number: string; ref: string | null }): string;
  answer(accountId: string | null, phoneId: string | null): Promise<void>;
  reject(): Promise<void>;
  hangUp(): Promise<void>;
  setHold(held: boolean): Promise<void>;
  setMuted(muted: boolean): void;
  sendDtmf(digit: string): Promise<void>;
  transfer(number: string): Promise<void>;
  /** Called once a call ended and its attempt is logged. */
  onEnded(listener: (ended: EndedCall) => void): () => void;
  /** Settings changed: register again with the new ones. */
  restart(): void;
}

const SoftphoneContext = createContext<SoftphoneApi | null>(null);

export function SoftphoneProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [registration, setRegistration] = useState<Registration>({ state: 'off' });
  const [active, setActive] = useState<CallInfo | null>(null);
  const [incoming, setIncoming] = useState<Incoming | null>(null);
  const [quality, setQuality] = useState<Quality | null>(null);
  const [generation, setGeneration] = useState(0);
  const phone = useRef<Softphone | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const recorder = useRef<CallRecorder | null>(null);
  const targets = useRef(new Map<string, { accountId: string | null; phoneId: string | null }>());
  const listeners = useRef(new Set<(e: EndedCall) => void>());

  useEffect(() => {
    let stopped = false;
    let softphone: Softphone | null = null;
    void api.invoke('settings.get', {}).then((settings) => {
      if (stopped || !settings.sip.server || !settings.sip.uri) return;
      softphone = new Softphone(settings.sip, {
        registration: setRegistration,
        call: (info) => {
          if (info.direction === 'inbound' && info.state === 'ringing') {
            setIncoming({ call: info, matches: null });
            api.invoke('phone.lookup', { number: info.number }).then(
              (matches) => setIncoming((i) => (i?.call.id === info.id ? { ...i, matches } : i)),
              () => setIncoming((i) => (i?.call.id === info.id ? { ...i, matches: [] } : i)),
            );
            return;
          }
          if (info.state === 'established') setIncoming((i) => (i?.call.id === info.id ? null : i));
          setActive(info);
        },
        remoteStream: (callId, remote, local) => {
          if (audio.current) audio.current.srcObject = remote;
          const r = new CallRecorder((seq, data) => api.invoke('recording.append', { callId, seq, data }));
          recorder.current = r;
          r.start(remote, local);
        },
        ended: (info, end) => void logEnded(info, end),
      });
      phone.current = softphone;
      softphone.quality.subscribe(setQuality);
      void softphone.start();
    }, () => undefined);

    async function logEnded(info: CallInfo, end: CallEnd): Promise<void> {
      setActive((a) => (a?.id === info.id ? null : a));
      setIncoming((i) => (i?.call.id === info.id ? null : i));
      setQuality(null);
      const durationMs = await recorder.current?.stop().catch(() => null) ?? null;
      recorder.current = null;
      const target = targets.current.get(info.id) ?? { accountId: null, phoneId: null };
      targets.current.delete(info.id);
      await api.invoke('call.logAttempt', {
        accountId: target.accountId, callId: info.id, direction: info.direction, phoneId: target.phoneId, number: info.number,
        result: end.result, startedAt: new Date(info.startedAt).toISOString(),
        answeredAt: info.answeredAt ? new Date(info.answeredAt).toISOString() : null, endedAt: new Date().toISOString(),
        sipStatus: end.sipStatus, recordingDurationMs: durationMs,
      }).catch(() => undefined); // logged best effort; the wrap-up still opens
      for (const l of listeners.current) l({ info, end, accountId: target.accountId });
    }

    return () => {
      stopped = true;
      void softphone?.stop();
      phone.current = null;
      setRegistration({ state: 'off' });
    };
  }, [api, generation]);

  const dial = useCallback<SoftphoneApi['dial']>((target) => {
    const p = phone.current;
    if (!p) throw new Error('The softphone is not connected');
    const info = p.dial(target.number, target.ref ? { 'X-Fairline-Account': target.ref } : {});
    targets.current.set(info.id, { accountId: target.accountId, phoneId: target.phoneId });
    setActive(info);
    return info.id;
  }, []);

  const value = useMemo<SoftphoneApi>(() => ({
    registration, active, incoming, quality, dial,
    answer: async (accountId, phoneId) => {
      if (!incoming) return;
      targets.current.set(incoming.call.id, { accountId, phoneId });
      await phone.current?.answer(incoming.call.id);
    },
    reject: async () => {
      if (incoming) await phone.current?.hangUp(incoming.call.id);
    },
    hangUp: async () => {
      if (active) await phone.current?.hangUp(active.id);
    },
    setHold: async (held) => {
      if (active) await phone.current?.setHold(active.id, held);
    },
    setMuted: (muted) => {
      if (active) phone.current?.setMuted(active.id, muted);
    },
    sendDtmf: async (digit) => {
      if (active) await phone.current?.sendDtmf(active.id, digit);
    },
    transfer: async (number) => {
      if (active) await phone.current?.transfer(active.id, number);
    },
    onEnded: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
    restart: () => setGeneration((g) => g + 1),
  }), [registration, active, incoming, quality, dial]);

  return (
    <SoftphoneContext value={value}>
      {children}
      <audio ref={audio} autoPlay data-testid="softphone-audio" />
    </SoftphoneContext>
  );
}

export function useSoftphone(): SoftphoneApi {
  const value = useContext(SoftphoneContext);
  if (!value) throw new Error('useSoftphone outside SoftphoneProvider');
  return value;
}
