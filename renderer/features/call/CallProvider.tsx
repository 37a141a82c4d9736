// The call the agent is on and the wrap-up that must follow it. One of each at most: no call
// starts while a wrap-up is open, and the wrap-up is kept by the core as it is typed, so a
// closed window or a crash reopens it where it was.
//
// A softphone call's talk track starts when the call is answered, not when it is dialled:
// until then no step can be confirmed (identity checks and disclosures said to a ringing line
// would be a false record), the call timer and the logged step offsets count from the answer,
// and a call that is never answered logs no step. Its wrap-up preselects the outcome that
// matches how the network ended it (busy, not in service, no answer). An answering machine
// (the softphone's detection) offers the pack's limited-content message, if it has one, and
// preselects that outcome, or voicemail where no message may be left.
import { createContext, type ReactNode, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { WrapUpDraft, WrapUpForm } from '../../../shared/api/contract';
import { PACKS, type PackId } from '../../../shared/compliance';
import { advance, start, TalkTrack, loggedSteps, view, type CallAction, type CallContext, type CallState } from '../../../shared/talktrack';
import { useApi } from '../../api/ApiContext';
import { consoleNow } from '../../app/use-now';
import { type EndedCall, useSoftphone } from '../../softphone/SoftphoneProvider';
import { suggestedOutcome } from '../../softphone/outcomes';
import type { Disclosure, PackData } from '../../../shared/compliance/pack';
import type { AnsweringDetection } from '../../../shared/domain/answering';

export interface ActiveCall {
  accountId: string;
  phoneId: string;
  /** The softphone's call id; null while calls go through the desk phone. */
  callId: string | null;
  state: CallState;
  /** The far end picked up (a desk-phone call counts as answered at once): steps may be confirmed. */
  answered: boolean;
}

/** An answering machine took the call: what the agent may leave on it. */
export interface MachineAnswer {
  callId: string;
  detection: AnsweringDetection;
  packId: string;
  /** The pack's limited-content message (12 CFR 1006.2(j)), or null: no message may be left. */
  message: Disclosure | null;
  /** What the message's text is filled with. */
  values: { agent: string; institution: string; callback: string };
}

/** What the track needs to start again at the answer. */
interface TrackSetup {
  track: TalkTrack;
  context: CallContext;
  pack: PackData;
  thirdPartyTrack: TalkTrack | undefined;
}

interface CallApi {
  call: ActiveCall | null;
  wrapUp: WrapUpDraft | null;
  /** How the softphone call behind the open wrap-up ended (its SIP result), if known. */
  ended: EndedCall | null;
  /** The call in progress is being listened to (answering-machine detection). */
  listening: boolean;
  /** The call in progress reached an answering machine. */
  machine: MachineAnswer | null;
  /** Opens the talk track for a call the gate has just allowed. */
  startCall(accountId: string, phoneId: string, callId?: string | null): Promise<void>;
  /** Fetches an account's talk track ahead of a dial, so the call's start asks nothing of the core. */
  prefetch(accountId: string): void;
  act(action: CallAction): void;
  /** Hangs up (or notes the desk phone call ended) and opens the wrap-up. */
  endCall(): void;
  saveDraft(form: WrapUpForm): void;
  /** Logs the wrap-up; resolves when the core accepted it (rejects with field errors). */
  submit(form: WrapUpForm): Promise<void>;
}

const CallContext = createContext<CallApi | null>(null);
/** How long a talk track fetched ahead of a dial is used for it. */
const PREFETCH_FRESH_MS = 60_000;

export function CallProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [call, setCall] = useState<ActiveCall | null>(null);
  const [wrapUp, setWrapUp] = useState<WrapUpDraft | null>(null);
  const [ended, setEnded] = useState<EndedCall | null>(null);
  const setup = useRef<TrackSetup | null>(null);
  const machineRef = useRef<MachineAnswer | null>(null);

  // A wrap-up left open (window closed, console restarted) comes back first.
  useEffect(() => {
    let current = true;
    api.invoke('wrapup.draft', {}).then((draft) => current && draft && setWrapUp(draft), () => undefined);
    return () => {
      current = false;
    };
  }, [api]);

  // The talk track of the account on screen, fetched and parsed before the dial: the ring is
  // the time the answer's messages arrive in, and nothing else should need the main thread then.
  const prefetched = useRef<{ accountId: string; at: number; setup: Promise<TrackSetup> } | null>(null);
  const loadSetup = useCallback(async (accountId: string): Promise<TrackSetup> => {
    const script = await api.invoke('script.forAccount', { accountId });
    return {
      pack: PACKS[script.packId as PackId],
      track: TalkTrack.parse(script.track),
      thirdPartyTrack: script.thirdPartyTrack ? TalkTrack.parse(script.thirdPartyTrack) : undefined,
      context: script.context as unknown as CallContext,
    };
  }, [api]);
  const prefetch = useCallback((accountId: string) => {
    const p = prefetched.current;
    if (p && p.accountId === accountId && Date.now() - p.at < PREFETCH_FRESH_MS) return;
    const entry = { accountId, at: Date.now(), setup: loadSetup(accountId) };
    entry.setup.catch(() => {
      if (prefetched.current === entry) prefetched.current = null;
    });
    prefetched.current = entry;
  }, [loadSetup]);

  const startCall = useCallback(async (accountId: string, phoneId: string, callId: string | null = null) => {
    const p = prefetched.current;
    prefetched.current = null;
    // Fetched for this account moments ago (the account and its track as the agent saw them), else now.
    const fresh = p && p.accountId === accountId && Date.now() - p.at < PREFETCH_FRESH_MS ? await p.setup.catch(() => null) : null;
    const { track, context, pack, thirdPartyTrack } = fresh ?? await loadSetup(accountId);
    setup.current = { track, context, pack, thirdPartyTrack };
    const state = start(track, context, pack, { now: consoleNow().getTime(), thirdPartyTrack });
    setEnded(null);
    // A transition: React renders the track's screen in slices, so the call's own messages
    // (the 200 OK) are handled between them rather than after.
    startTransition(() => setCall({ accountId, phoneId, callId, state, answered: callId === null }));
  }, [loadSetup]);

  // Nothing is confirmed to a line that has not been answered.
  const act = useCallback((action: CallAction) => {
    setCall((c) => (c && c.answered ? { ...c, state: advance(c.state, action) } : c));
  }, []);

  // The call is over (the softphone says so, or the agent for a desk-phone call): wrap-up.
  const finishCall = useCallback((end: EndedCall | null = null) => {
    setEnded(end);
    setCall((c) => {
      if (!c) return c;
      // The outcome the track reached (an end step's suggestion) is preselected; an unanswered
      // call's, from how the network ended it.
      const machineOutcome = machineRef.current?.callId === c.callId ? (machineRef.current.message ? 'limited_content_message' : 'voicemail') : null;
      const suggested = c.answered ? machineOutcome ?? view(c.state).suggestedOutcome : end ? suggestedOutcome(end.end) : null;
      const ended = advance(c.state, { type: 'end', at: consoleNow().getTime(), ...(suggested ? { outcome: suggested } : {}) });
      const draft: WrapUpDraft = {
        accountId: c.accountId,
        startedAt: new Date(c.state.startedAt).toISOString(),
        form: {
          outcome: ended.ended?.outcome ?? '', phoneId: c.phoneId, callId: c.callId, note: '',
          steps: loggedSteps(ended), trackId: `${ended.track.id}@${ended.track.version}`,
        },
        flaggedPhrases: [],
      };
      setWrapUp(draft);
      void api.invoke('wrapup.saveDraft', { draft }).catch(() => undefined);
      return null;
    });
  }, [api]);

  const softphone = useSoftphone();
  const callId = call?.callId ?? null;
  const detected = callId && softphone.answering?.callId === callId ? softphone.answering.result : null;
  const listening = callId !== null && softphone.answering?.callId === callId && softphone.answering.result === null;
  const machine = useMemo<MachineAnswer | null>(() => {
    const s = setup.current;
    if (!callId || detected?.verdict !== 'machine' || !s) return null;
    return {
      callId, detection: detected, packId: s.pack.id,
      message: s.pack.disclosures.find((d) => d.when === 'voicemail') ?? null,
      values: { agent: s.context.agentName, institution: s.context.institution, callback: s.context.callbackNumber ?? '' },
    };
  }, [callId, detected]);
  machineRef.current = machine;
  useEffect(() => {
    // Ended before its id got here (a busy number answers 486 in milliseconds): wrap up now.
    if (callId && softphone.hasEnded(callId)) {
      finishCall(softphone.endedCall(callId));
      return;
    }
    return softphone.onEnded((e) => {
      if (e.info.id === callId) finishCall(e);
    });
  }, [softphone, callId, finishCall]);

  // Answered: the track starts now, timed from the answer.
  const live = softphone.active?.id === callId ? softphone.active : null;
  const answeredAt = live?.state === 'established' ? live.answeredAt : null;
  useEffect(() => {
    if (answeredAt === null) return;
    // "Connected" is on screen by now (the softphone tells its readers after that paint). Not a
    // transition: the agent needs the track's first step at once, and a live call's other updates
    // would keep interrupting one on a busy machine.
    setCall((c) => {
      const s = setup.current;
      if (!c || c.callId !== callId || c.answered || !s) return c;
      const at = consoleNow().getTime() - (Date.now() - answeredAt);
      return { ...c, answered: true, state: start(s.track, s.context, s.pack, { now: at, thirdPartyTrack: s.thirdPartyTrack }) };
    });
  }, [answeredAt, callId]);

  // Hanging up a softphone call ends it on the network first; the wrap-up follows its end.
  const endCall = useCallback(() => {
    // By id: a call whose INVITE is still being prepared is not on screen yet, and ends all the same.
    if (!callId || softphone.hasEnded(callId) || !softphone.hangUpCall(callId)) finishCall(null);
  }, [callId, softphone, finishCall]);

  const saveDraft = useCallback((form: WrapUpForm) => {
    setWrapUp((w) => {
      if (!w) return w;
      const draft = { ...w, form };
      void api.invoke('wrapup.saveDraft', { draft }).catch(() => undefined);
      return draft;
    });
  }, [api]);

  const submit = useCallback(async (form: WrapUpForm) => {
    if (!wrapUp) return;
    try {
      await api.invoke('wrapup.submit', { accountId: wrapUp.accountId, form });
      setWrapUp(null);
      setEnded(null);
    } catch (error) {
      // The core remembers phrases a note was refused for; keep the draft in step.
      const draft = await api.invoke('wrapup.draft', {}).catch(() => null);
      if (draft) setWrapUp(draft);
      throw error;
    }
  }, [api, wrapUp]);

  const value = useMemo(() => ({ call, wrapUp, ended, listening, machine, startCall, prefetch, act, endCall, saveDraft, submit }), [call, wrapUp, ended, listening, machine, startCall, prefetch, act, endCall, saveDraft, submit]);
  return <CallContext value={value}>{children}</CallContext>;
}

export function useCall(): CallApi {
  const value = useContext(CallContext);
  if (!value) throw new Error('useCall outside CallProvider');
  return value;
}
