// Tells the core what the agent is doing, for the team lead's live board (docs/presence.md):
// the softphone's call, the talk track (its step, and whether the account is masked), the
// wrap-up, and the agent's status. The core owns the socket, sends only changes, keeps the
// heartbeat, and never sends the debtor's name while the account is masked.
import { useEffect, useRef, useState } from 'react';
import type { AgentStatus } from '../../shared/domain/users';
import type { PresenceReport } from '../../shared/api/contract';
import { view as callView } from '../../shared/talktrack';
import { useApi } from '../api/ApiContext';
import { consoleTime } from './use-now';
import { savedOutcome } from '../features/board/saved-outcome';
import { useCall } from '../features/call/CallProvider';
import { useSoftphone } from '../softphone/SoftphoneProvider';

/** How often the agent's status is read again (the core also follows a change made through it at once). */
const STATUS_REFRESH_MS = 5_000;

interface AccountFacts { id: string; ref: string; debtorName: string }

export function usePresenceReport(enabled: boolean): void {
  const api = useApi();
  const { call, wrapUp } = useCall();
  const { active, incoming } = useSoftphone();
  const [status, setStatus] = useState<AgentStatus>({ state: 'available' });
  const [account, setAccount] = useState<AccountFacts | null>(null);
  const [lastOutcome, setLastOutcome] = useState<string | null>(null);
  const previousWrapUp = useRef(wrapUp);
  const sent = useRef('');

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const read = () => void api.invoke('agent.status', {}).then((s) => current && setStatus((old) => (JSON.stringify(old) === JSON.stringify(s) ? old : s)), () => undefined);
    read();
    const timer = setInterval(read, STATUS_REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, enabled]);

  // The account of the call or wrap-up: its ref and name, read once per account.
  const accountId = call?.accountId ?? wrapUp?.accountId ?? null;
  useEffect(() => {
    if (!enabled || !accountId) return;
    let current = true;
    api.invoke('account.get', { accountId }).then(
      (d) => current && setAccount({ id: accountId, ref: d.account.ref, debtorName: d.account.debtorName }),
      () => current && setAccount({ id: accountId, ref: accountId, debtorName: '' }),
    );
    return () => {
      current = false;
    };
  }, [api, enabled, accountId]);

  // The outcome of the wrap-up just logged, read back from the core: the panel saves its form
  // to the draft only after a pause, so the draft can still hold the form before its last edit.
  useEffect(() => {
    const closed = previousWrapUp.current;
    previousWrapUp.current = wrapUp;
    if (!enabled || !closed || wrapUp) return;
    let current = true;
    api.invoke('account.get', { accountId: closed.accountId }).then(
      (d) => current && setLastOutcome(savedOutcome(d.timeline) ?? closed.form.outcome ?? null),
      () => current && closed.form.outcome && setLastOutcome(closed.form.outcome),
    );
    return () => {
      current = false;
    };
  }, [api, enabled, wrapUp]);

  const talk = call ? callView(call.state) : null;
  const facts = account && account.id === accountId ? account : null;
  let state: PresenceReport['state'];
  if (active?.state === 'established') state = 'on_call';
  else if (active?.state === 'dialling') state = 'dialing';
  else if (active?.state === 'ringing' || (incoming && !active)) state = 'ringing';
  else if (call) state = 'on_call'; // a desk-phone call: the talk track is open
  else if (wrapUp) state = 'wrap_up';
  else state = status.state;
  // Masked exactly when the account view masks it: on a call, until the debtor is verified.
  const masked = talk ? talk.masked : false;
  const report: PresenceReport = {
    state,
    pauseReason: state === 'paused' && status.state === 'paused' ? status.reason : null,
    account: accountId && facts ? { id: facts.id, ref: facts.ref, masked, ...(!masked && facts.debtorName ? { debtorName: facts.debtorName } : {}) } : null,
    // The softphone's times are this machine's clock; the board reads the console's (a training clock may differ).
    callStartedAt: active?.answeredAt ? consoleTime(active.answeredAt).toISOString() : call ? new Date(call.state.startedAt).toISOString() : null,
    // A track step as `<trackId>:<stepId>`, so the lead's console can title it from its copy of the track; the engine's own steps are `system:<id>` already.
    step: talk?.step ? (talk.step.id.startsWith('system:') ? talk.step.id : `${talk.track.id}:${talk.step.id}`) : null,
    lastOutcome,
    callId: active?.id ?? null,
  };
  const key = JSON.stringify(report);

  useEffect(() => {
    if (!enabled || key === sent.current) return;
    sent.current = key;
    void api.invoke('presence.report', JSON.parse(key) as PresenceReport).catch(() => {
      sent.current = ''; // try again with the next change
    });
  }, [api, enabled, key]);
}
