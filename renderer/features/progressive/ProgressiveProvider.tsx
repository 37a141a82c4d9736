// Progressive (agent-paced) dialling: while the agent is Available with nothing open, the next
// workable account (Next account's choice) opens with a short preview, then its number is
// dialled through the same path as the account's Dial button: the gate asked again at that
// moment, a warned call approved by a lead, the softphone, the talk track once the INVITE is
// out. One line at a time: nothing is dialled while a call, a wrap-up or a ringing call is open.
// After the wrap-up is saved the next preview follows. A pause, an incoming call, the phone or
// the core going away, or a locked screen stops it.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail, AccountGate, PhoneGate } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { DEFAULT_PROGRESSIVE, type ProgressivePrefs } from '../../../shared/api/progressive';
import { useApi, useConnectionState } from '../../api/ApiContext';
import { useAgentStatus } from '../../app/agent-status';
import { errorText } from '../../app/error-text';
import { useSyncStatus } from '../../app/SyncStatus';
import { useNotify } from '../../app/Toasts';
import { phoneErrorText, useSoftphone } from '../../softphone/SoftphoneProvider';
import { openTrackOnceRinging } from '../call/open-track';
import { useCall } from '../call/CallProvider';
import { nothingWorkableText } from '../queue/summary-text';
import {
  choosePhone, type Conditions, isRunning, type Mode, resumesBy, skipList, type Stop, stopFor, type Target, withSkipped,
} from './progressive-rules';

/** A step of the mode on the page's timeline (the progressive bench reports the phases). */
const mark = (step: string) => performance.mark(`fairline:progressive:${step}`);

/** A next account read during the wrap-up older than this is read again after the save. */
const UP_NEXT_MAX_AGE_MS = 60_000;

/** How long a refusal stays on screen before the next account. */
export const REFUSED_SHOW_MS = 3_000;
/** While nothing is workable, how often the queue is asked again (also whenever it changes). */
const NOTHING_RECHECK_MS = 60_000;

interface ProgressiveApi {
  mode: Mode;
  prefs: ProgressivePrefs;
  /** Turns the mode on (it starts at once when it can) or off; kept in the settings. */
  setEnabled(enabled: boolean): Promise<void>;
  /** Settings saved elsewhere (the Settings screen). */
  applyPrefs(prefs: ProgressivePrefs): void;
  resume(): void;
  /** Stops the preview; the mode stays on, paused. */
  cancel(): void;
  /** Leaves this account out and previews the next one. */
  skip(): void;
  /** The lead's approval of a warned call was given (allowed or blocked) or refused (null). */
  approved(outcome: 'allowed' | 'blocked' | null): void;
  /** Shell: how an account is opened on screen (Next account's way). */
  bindOpener(open: ((accountId: string) => void) | null): void;
}

const ProgressiveContext = createContext<ProgressiveApi | null>(null);

interface Candidate { accountId: string; detail: AccountDetail; gate: AccountGate }

export function ProgressiveProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const notify = useNotify();
  const { t, i18n } = useTranslation();
  const { call, wrapUp, startCall } = useCall();
  const softphone = useSoftphone();
  const { status } = useAgentStatus();
  const connection = useConnectionState();
  const queueVersion = useSyncStatus().status?.queueVersion ?? null;
  const [mode, setModeState] = useState<Mode>({ kind: 'off' });
  const [prefs, setPrefs] = useState<ProgressivePrefs>(DEFAULT_PROGRESSIVE);

  // Every async step checks it still belongs to the current run: Cancel, Skip, a stop or a
  // resume start a new one, and what the old one was doing must not dial.
  const epoch = useRef(0);
  const modeRef = useRef(mode);
  const setMode = useCallback((next: Mode) => {
    modeRef.current = next;
    setModeState(next);
  }, []);
  const skipped = useRef<string[]>([]);
  const lastCalled = useRef<string | null>(null);
  const opener = useRef<((accountId: string) => void) | null>(null);

  const registration = softphone.registration;
  const conditions: Conditions = useMemo(() => ({
    status,
    registration: { state: registration.state, reason: registration.state === 'offline' ? registration.reason : undefined },
    incoming: softphone.incoming !== null,
    connection,
  }), [status, registration, softphone.incoming, connection]);
  const idle = call === null && wrapUp === null && softphone.active === null && softphone.consult === null;
  // The latest of each, for async steps that must not act on what was true when they started.
  const live = useRef({ conditions, idle, prefs, softphone, startCall });
  live.current = { conditions, idle, prefs, softphone, startCall };

  const pause = useCallback((stop: Stop) => {
    epoch.current++;
    setMode({ kind: 'paused', stop });
  }, [setMode]);

  const resume = useCallback(() => {
    epoch.current++;
    const stop = stopFor(live.current.conditions);
    setMode(stop ? { kind: 'paused', stop } : live.current.idle ? { kind: 'finding' } : { kind: 'waiting' });
  }, [setMode]);

  // The saved choice: on at start-up means on but paused until the agent says Resume.
  useEffect(() => {
    let current = true;
    api.invoke('settings.get', {}).then((s) => {
      if (!current) return;
      const saved = s.progressive ?? DEFAULT_PROGRESSIVE;
      setPrefs(saved);
      if (saved.enabled) setMode({ kind: 'paused', stop: { why: 'startup' } });
    }, () => undefined);
    return () => {
      current = false;
    };
  }, [api, setMode]);

  // Stops: a pause, an incoming call, the phone or the core gone. Back to Available resumes a status stop.
  useEffect(() => {
    if (isRunning(mode)) {
      const stop = stopFor(conditions);
      if (stop) pause(stop);
    } else if (mode.kind === 'paused' && resumesBy(mode.stop, conditions)) {
      resume();
    }
  }, [mode, conditions, pause, resume]);

  // One line at a time: a call that is not the mode's (placed by hand, answered) holds it back.
  useEffect(() => {
    if (!idle && (mode.kind === 'preview' || mode.kind === 'finding' || mode.kind === 'nothing' || mode.kind === 'refused')) {
      epoch.current++;
      setMode({ kind: 'waiting' });
    } else if (idle && mode.kind === 'waiting') {
      setMode({ kind: 'finding' });
    } else if (mode.kind === 'calling' && !mode.seen && (call !== null || wrapUp !== null)) {
      setMode({ ...mode, seen: true });
    } else if (mode.kind === 'calling' && mode.seen && idle) {
      // The wrap-up is saved: the next preview.
      setMode({ kind: 'finding' });
    }
  }, [idle, mode, call, wrapUp, setMode]);

  // The next account as Next account would choose it, read with its detail and gate.
  const readCandidate = useCallback(async (skip: string[]): Promise<Candidate | null> => {
    const best = await api.invoke('queue.next', { skip });
    if (!best) return null;
    const [detail, gate] = await Promise.all([
      api.invoke('account.get', { accountId: best.accountId }),
      api.invoke('compliance.gate', { accountId: best.accountId }),
    ]);
    return { accountId: best.accountId, detail, gate };
  }, [api]);

  // The next account is read while the agent wraps up (again whenever the queue changes), so a
  // saved wrap-up is followed by the dial's own check alone. That check (dial.authorize) asks the
  // gate again at that moment: an answer read during the wrap-up can cost a refusal, never a call.
  const upNext = useRef<{ at: number; value: Promise<Candidate | null> } | null>(null);
  const wrappingUp = mode.kind === 'calling' && wrapUp !== null;
  useEffect(() => {
    if (!wrappingUp) return;
    upNext.current = { at: Date.now(), value: readCandidate(skipList(skipped.current, lastCalled.current)) };
    upNext.current.value.catch(() => undefined); // a failure is read again after the save
  }, [wrappingUp, queueVersion, readCandidate]);

  // As the Dial button reports the gate's answer: refused, or the softphone places the call.
  const place = useCallback(async (target: Target, outcome: 'allowed' | 'blocked', gate: PhoneGate, run: number): Promise<void> => {
    if (outcome === 'blocked') {
      notify('error', t('dial.refused'));
      skipped.current = withSkipped(skipped.current, target.accountId);
      setMode({ kind: 'refused', accountId: target.accountId, ref: target.ref, debtorName: target.debtorName, number: target.number, gate });
      return;
    }
    const { softphone: phone, startCall: start } = live.current;
    if (!live.current.idle) return setMode({ kind: 'waiting' });
    if (phone.registration.state !== 'registered') return pause(stopFor(live.current.conditions) ?? { why: 'phone', state: 'offline', reason: '' });
    let callId: string;
    try {
      callId = phone.dial({ accountId: target.accountId, phoneId: target.phoneId, number: target.number, ref: target.ref });
    } catch (error) {
      return pause({ why: 'error', reason: phoneErrorText(t as never, error) ?? errorText(t, error) });
    }
    lastCalled.current = target.accountId;
    if (run === epoch.current) setMode({ kind: 'calling', target, seen: false });
    // The call is on the line whatever happens to the mode now: its talk track must open.
    try {
      await openTrackOnceRinging(phone.sent, start, { accountId: target.accountId, phoneId: target.phoneId, callId });
    } catch (error) {
      notify('error', errorText(t, error));
      if (modeRef.current.kind === 'calling') pause({ why: 'error', reason: errorText(t, error) });
    }
  }, [notify, t, setMode, pause]);

  const dial = useCallback(async (target: Target, run: number) => {
    setMode({ kind: 'dialling', target });
    try {
      if (!live.current.idle) return setMode({ kind: 'waiting' });
      // A locked screen refuses the gate's question (LOCKED) like every debtor-data request.
      const answer = await api.invoke('dial.authorize', { accountId: target.accountId, phoneId: target.phoneId });
      mark('authorized');
      if (run !== epoch.current) return;
      if (answer.outcome === 'needs_approval') setMode({ kind: 'approval', target, gate: answer.gate });
      else await place(target, answer.outcome, answer.gate, run);
    } catch (error) {
      if (run === epoch.current) pause(error instanceof ApiError && error.code === 'LOCKED' ? { why: 'locked' } : { why: 'error', reason: errorText(t, error) });
    }
  }, [api, pause, setMode, place]);

  const find = useCallback(async (run: number) => {
    try {
      mark('find');
      const ready = upNext.current;
      upNext.current = null;
      const early = ready && Date.now() - ready.at < UP_NEXT_MAX_AGE_MS ? await ready.value.catch(() => null) : null;
      const next = early ?? await readCandidate(skipList(skipped.current, lastCalled.current));
      mark('account');
      if (run !== epoch.current) return;
      if (!next) {
        const text = await nothingWorkableText(api, t, i18n.language);
        if (run === epoch.current) setMode({ kind: 'nothing', text });
        return;
      }
      const { accountId, detail, gate } = next;
      const choice = choosePhone(detail, gate);
      opener.current?.(accountId);
      if (choice.kind === 'none') {
        skipped.current = withSkipped(skipped.current, accountId);
        const { account } = detail;
        setMode({ kind: 'refused', accountId: account.id, ref: account.ref, debtorName: account.debtorName, number: choice.number, gate: choice.gate });
        return;
      }
      const previewMs = live.current.prefs.previewSec * 1000;
      if (previewMs === 0) await dial(choice.target, run);
      else setMode({ kind: 'preview', target: choice.target, endsAt: Date.now() + previewMs });
    } catch (error) {
      if (run === epoch.current) pause({ why: 'error', reason: errorText(t, error) });
    }
  }, [api, t, i18n.language, setMode, pause, dial, readCandidate]);

  // Each state's next step.
  useEffect(() => {
    const run = epoch.current;
    if (mode.kind === 'finding') {
      void find(run);
      return;
    }
    if (mode.kind === 'preview') {
      const timer = setTimeout(() => void dial(mode.target, run), Math.max(0, mode.endsAt - Date.now()));
      return () => clearTimeout(timer);
    }
    if (mode.kind === 'refused') {
      const timer = setTimeout(() => run === epoch.current && setMode({ kind: 'finding' }), REFUSED_SHOW_MS);
      return () => clearTimeout(timer);
    }
    if (mode.kind === 'nothing') {
      const timer = setTimeout(() => run === epoch.current && setMode({ kind: 'finding' }), NOTHING_RECHECK_MS);
      return () => clearTimeout(timer);
    }
    return undefined;
  // A new state is what starts a step (find and dial change with the language only).
  }, [mode]);

  // Nothing workable: asked again as soon as the queue changes (a sync, a hold lifted, a window opening).
  const seenVersion = useRef(queueVersion);
  useEffect(() => {
    if (queueVersion !== seenVersion.current && modeRef.current.kind === 'nothing') setMode({ kind: 'finding' });
    seenVersion.current = queueVersion;
  }, [queueVersion, setMode]);

  const savePrefs = useCallback(async (patch: Partial<ProgressivePrefs>) => {
    const saved = await api.invoke('settings.update', { progressive: patch });
    setPrefs(saved.progressive ?? DEFAULT_PROGRESSIVE);
  }, [api]);

  const setEnabled = useCallback(async (enabled: boolean) => {
    try {
      await savePrefs({ enabled });
    } catch (error) {
      notify('error', errorText(t, error));
      return;
    }
    skipped.current = [];
    if (enabled) resume();
    else {
      epoch.current++;
      setMode({ kind: 'off' });
    }
  }, [savePrefs, notify, t, resume, setMode]);

  const applyPrefs = useCallback((next: ProgressivePrefs) => {
    setPrefs(next);
    const on = modeRef.current.kind !== 'off';
    if (next.enabled && !on) resume();
    if (!next.enabled && on) {
      epoch.current++;
      setMode({ kind: 'off' });
    }
  }, [resume, setMode]);

  const cancel = useCallback(() => pause({ why: 'cancelled' }), [pause]);

  const skip = useCallback(() => {
    const m = modeRef.current;
    if (m.kind !== 'preview' && m.kind !== 'refused') return;
    skipped.current = withSkipped(skipped.current, m.kind === 'preview' ? m.target.accountId : m.accountId);
    epoch.current++;
    setMode({ kind: 'finding' });
  }, [setMode]);

  const approved = useCallback((outcome: 'allowed' | 'blocked' | null) => {
    const m = modeRef.current;
    if (m.kind !== 'approval') return;
    if (outcome) {
      void place(m.target, outcome, m.gate, epoch.current);
      return;
    }
    notify('error', t('progressive.approvalClosed'));
    skipped.current = withSkipped(skipped.current, m.target.accountId);
    setMode({ kind: 'finding' });
  }, [notify, t, setMode, place]);

  const bindOpener = useCallback((open: ((accountId: string) => void) | null) => {
    opener.current = open;
  }, []);

  const value = useMemo(() => ({ mode, prefs, setEnabled, applyPrefs, resume, cancel, skip, approved, bindOpener }),
    [mode, prefs, setEnabled, applyPrefs, resume, cancel, skip, approved, bindOpener]);
  return <ProgressiveContext value={value}>{children}</ProgressiveContext>;
}

export function useProgressive(): ProgressiveApi {
  const value = useContext(ProgressiveContext);
  if (!value) throw new Error('useProgressive outside ProgressiveProvider');
  return value;
}
