// Complaints on the account screen (docs/complaints.md): raise one (category, how it came in, what
// the person said, a hold to place at once) and see the account's complaints with their SLA clock.
// At wrap-up the call just ended is linked and the source is the call; from a reply in the
// messages panel (intake.ts) the source is the message, with its text and the message linked.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../shared/api/contract';
import { CATEGORY_RULES, ComplaintCategory, ComplaintHold, SUGGESTED_HOLD } from '../../shared/complaints/categories';
import type { Complaint, ComplaintList, ComplaintSource } from '../../shared/complaints/protocol';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useFormat } from '../app/format';
import { useNotify } from '../app/Toasts';
import { useNow } from '../app/use-now';
import { useCall } from '../features/call/CallProvider';
import { ComplaintItem, serverClock } from './ComplaintItem';
import { takeComplaintIntake, useComplaintIntakeWaiting, type ComplaintIntake } from './intake';
import './complaints.css';

const REFRESH_MS = 30_000;

export function ComplaintsPanel({ account, onChanged }: { account: AccountDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [list, setList] = useState<{ value: ComplaintList; at: number } | null>(null);
  const [raising, setRaising] = useState(false);
  const accountId = account.account.id;
  // A reply in the messages panel asked for a complaint: open the form with it, in view.
  const [intake, setIntake] = useState<ComplaintIntake | null>(null);
  const intakeWaiting = useComplaintIntakeWaiting(accountId);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!intakeWaiting) return;
    setIntake(takeComplaintIntake(accountId));
    setRaising(true);
    panel.current?.scrollIntoView({ block: 'nearest' });
  }, [intakeWaiting, accountId]);
  const { wrapUp } = useCall();
  const callId = wrapUp?.accountId === accountId ? wrapUp.form.callId ?? null : null;
  useNow(30_000);
  const load = useCallback(() => {
    api.invoke('complaints.list', { accountId, status: 'all' }).then((value) => setList({ value, at: Date.now() }), () => undefined);
  }, [api, accountId]);
  // Read again when the account's holds change (a lead resolved a complaint and lifted its hold,
  // pulled at the last sync) and every 30 s, as the gate is: a lead may escalate or resolve meanwhile.
  const holds = account.holds.map((h) => `${h.id}:${h.liftedAt ?? ''}`).join(',');
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, holds]);
  const now = list ? serverClock(list.value.serverTime, list.at, Date.now()) : new Date();
  return (
    <section ref={panel} className="panel complaints-panel" data-testid="complaints-panel" aria-labelledby="complaints-title">
      <h2 id="complaints-title">{t('complaints.title')}</h2>
      {raising ? (
        <RaiseForm key={intake ? `${intake.messageId}:${intake.text}` : 'form'} accountId={accountId} callId={callId} intake={intake} onDone={(c) => {
          setRaising(false);
          setIntake(null);
          if (c) {
            load();
            // The hold is on the server: pulled before the account and its gate are read again, so
            // the screen says at once that calls are refused.
            if (c.hold) void api.invoke('sync.now', {}).catch(() => undefined).then(onChanged);
          }
        }} />
      ) : (
        <button type="button" className="button" data-testid="complaint-raise" onClick={() => setRaising(true)}>{t('complaints.raise')}</button>
      )}
      {list && list.value.complaints.length === 0 && <p className="muted">{t('complaints.none')}</p>}
      {list && list.value.complaints.length > 0 && (
        <ol className="complaint-list">
          {list.value.complaints.map((c) => <ComplaintItem key={c.id} complaint={c} now={now} canAct={false} onChanged={load} />)}
        </ol>
      )}
    </section>
  );
}

function RaiseForm({ accountId, callId, intake, onDone }: { accountId: string; callId: string | null; intake: ComplaintIntake | null; onDone: (c: Complaint | null) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const notify = useNotify();
  const format = useFormat();
  const [category, setCategory] = useState<ComplaintCategory>('harassment');
  const [source, setSource] = useState<ComplaintSource>(intake ? 'message' : callId ? 'call' : 'lead');
  const [description, setDescription] = useState(() => (intake ? t('complaints.fromReply', { from: intake.from, text: intake.text }) : ''));
  const [hold, setHold] = useState<ComplaintHold | 'none'>('none');
  const [busy, setBusy] = useState(false);
  // One request id per form: a retry after a lost answer records the complaint once.
  const [requestId] = useState(() => crypto.randomUUID());
  const rules = CATEGORY_RULES[category];
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const c = await api.invoke('complaints.raise', {
        requestId, accountId, category, source, description, hold: hold === 'none' ? null : hold,
        links: { callIds: callId && source === 'call' ? [callId] : [], recordings: [], messageIds: intake?.messageId && source === 'message' ? [intake.messageId] : [] },
      });
      notify('success', t('complaints.raised', { due: format.dateTime(c.dueAt) }));
      onDone(c);
    } catch (err) {
      notify('error', errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="complaint-form">
      <label>
        {t('complaints.category')}
        <select value={category} data-testid="complaint-category" onChange={(e) => {
          const next = ComplaintCategory.parse(e.target.value);
          setCategory(next);
          setHold(SUGGESTED_HOLD[next] ?? 'none');
        }}>
          {ComplaintCategory.options.map((c) => <option key={c} value={c}>{t(`complaints.categories.${c}`)}</option>)}
        </select>
      </label>
      {[...rules.us, ...rules.cn].length > 0 && <p className="complaint-muted">{t('complaints.rules', { rules: [...rules.us, ...rules.cn].join('; ') })}</p>}
      <label>
        {t('complaints.source')}
        <select value={source} data-testid="complaint-source" onChange={(e) => setSource(e.target.value as ComplaintSource)}>
          {(['call', 'message', 'lead'] as const).map((s) => <option key={s} value={s}>{t(`complaints.sources.${s}`)}</option>)}
        </select>
      </label>
      {callId && source === 'call' && <p className="complaint-muted" data-testid="complaint-linked-call">{t('complaints.linkedCall')}</p>}
      {intake?.messageId && source === 'message' && <p className="complaint-muted" data-testid="complaint-linked-message">{t('complaints.linkedMessage')}</p>}
      <label>
        {t('complaints.description')}
        <textarea required maxLength={4000} value={description} data-testid="complaint-description" onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        {t('complaints.hold')}
        <select value={hold} data-testid="complaint-hold" onChange={(e) => setHold(e.target.value as ComplaintHold | 'none')}>
          {(['none', ...ComplaintHold.options] as const).map((h) => <option key={h} value={h}>{t(`complaints.holds.${h}`)}</option>)}
        </select>
      </label>
      {hold !== 'none' && <p className="complaint-muted">{t('complaints.holdHint')}</p>}
      <div className="complaint-actions">
        <button type="submit" className="button button-primary" disabled={busy || description.trim() === ''} data-testid="complaint-submit">
          {busy ? t('complaints.raising') : t('complaints.raiseSubmit')}
        </button>
        <button type="button" className="button button-quiet" onClick={() => onDone(null)}>{t('complaints.cancel')}</button>
      </div>
    </form>
  );
}
