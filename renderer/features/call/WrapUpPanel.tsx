// The wrap-up that closes every call: the outcome (a letter key each), the fields that outcome
// needs (promise, plan with its instalments, callback, extension, attorney) checked as the agent
// types, and a note checked for threats, insults, false legal claims and impersonation. It is
// kept by the core as it is typed; it cannot be skipped.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail, WrapUpForm } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { PACKS, packIdForCountry } from '../../../shared/compliance';
import {
  checkNote, DEFAULT_WRAPUP_LIMITS, formatWrapupError, outcomesFor, planInstalments, validateWrapUp, type FieldError, type Outcome,
} from '../../../shared/wrapup';
import { errorText } from '../../app/error-text';
import { useFormat } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { consoleNow } from '../../app/use-now';
import { useCall } from './CallProvider';
import { endText } from './end-text';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import { MoneyField } from '../../ui/MoneyField';

const DRAFT_SAVE_MS = 400;

export function WrapUpPanel({ detail }: { detail: AccountDetail }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const language = currentLanguage(i18n.language);
  const { wrapUp, saveDraft, submit, ended } = useCall();
  const { ringTimeoutSec } = useSoftphone();
  const [form, setForm] = useState<WrapUpForm | null>(wrapUp?.form ?? null);
  const [serverErrors, setServerErrors] = useState<{ path: string; message: string }[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [touched, setTouched] = useState(false);
  const pack = PACKS[packIdForCountry(detail.account.region)!];
  const outcomes = useMemo(() => outcomesFor(pack), [pack]);
  const { currency, timeZone } = detail.account;
  const balanceMinor = detail.debts.reduce((sum, d) => sum + d.balanceMinor, 0);

  useEffect(() => setForm(wrapUp?.form ?? null), [wrapUp?.accountId]);
  useDebouncedSave(form, saveDraft);

  const outcome = outcomes.find((o) => o.code === form?.outcome);
  const flags = useMemo(() => (form ? checkNote(form.note).flags : []), [form?.note]);
  const check = useMemo(() => {
    if (!form || !outcome) return null;
    return validateWrapUp(form, { pack, limits: DEFAULT_WRAPUP_LIMITS, now: consoleNow().getTime(), zone: timeZone, balanceMinor });
  }, [form, outcome, pack, timeZone, balanceMinor]);
  const fieldErrors = check && !check.ok ? check.errors : [];

  const open = wrapUp?.accountId === detail.account.id && form !== null;
  useOutcomeKeys(open ? outcomes : [], (o) => update({ outcome: o.code }));

  if (!open || !form) return null;

  function update(patch: Partial<WrapUpForm>): void {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setServerErrors([]);
    setFailure(null);
  }

  async function save(): Promise<void> {
    setTouched(true);
    // A flagged note still goes to the core, which refuses it and logs the flag for the team lead.
    if (!form || !outcome || (fieldErrors.length > 0 && flags.length === 0)) return;
    setSaving(true);
    try {
      await submit(form);
      performance.mark('fairline:wrapup-saved'); // the progressive bench times the next dial from here
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION' && error.issues) setServerErrors(error.issues);
      setFailure(errorText(t, error));
    } finally {
      setSaving(false);
    }
  }

  const errorFor = (field: string): string | null => {
    const server = serverErrors.find((e) => e.path === field);
    if (server) return server.message;
    const local = fieldErrors.find((e: FieldError) => e.field === field);
    return local && touched ? formatWrapupError(local, language, { currency, zone: timeZone }) : null;
  };
  const needs = new Set(outcome?.requires ?? []);
  const plan = planPreview(form);

  return (
    <section
      className="panel wrapup-panel"
      data-testid="wrapup-panel"
      data-call-id={form.callId ?? ''}
      data-ended-call-id={ended?.info.id ?? ''}
      aria-labelledby="wrapup-title"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <h2 id="wrapup-title">{t('wrapup.title')}</h2>
      {ended && ended.info.id === form.callId && (
        <p className="wrapup-result" data-testid="wrapup-result" data-reason={ended.end.reason} data-status={ended.end.sipStatus ?? ''}>
          {t('softphone.wrapupResult', { text: endText(t, ended, ringTimeoutSec) })}
        </p>
      )}
      <p className="muted">{t('wrapup.shortcutHint')} · {t('call.saveKey')}</p>
      <fieldset className="wrapup-outcomes" data-testid="wrapup-outcomes">
        <legend>{t('wrapup.field.outcome')}</legend>
        {outcomes.map((o) => (
          <label key={o.code} className={`wrapup-outcome${form.outcome === o.code ? ' wrapup-outcome-on' : ''}`} data-outcome={o.code}>
            <input type="radio" name="outcome" checked={form.outcome === o.code} onChange={() => update({ outcome: o.code })} />
            <kbd>{o.key.toUpperCase()}</kbd> {t(o.labelKey)}
          </label>
        ))}
      </fieldset>
      {touched && !outcome && <p className="field-error" role="alert">{t('call.pickOutcome')}</p>}
      {outcome?.hold && (
        <p className="notice notice-warn" data-testid="wrapup-hold-notice">{t('wrapup.holdNotice', { hold: t(`hold.${outcome.hold}`) })}</p>
      )}

      {(needs.has('promise') || form.promise) && (
        <div className="wrapup-fields" data-testid="wrapup-promise">
          <MoneyField className="wrapup-field" label={`${t('wrapup.field.promise.amountMinor')} (${currency})`} testId="promise-amount" minor={form.promise?.amountMinor}
            onChange={(amountMinor) => update({ promise: { ...form.promise, amountMinor } })} error={errorFor('promise.amountMinor')} />
          <Field label={t('wrapup.field.promise.dueDate')} error={errorFor('promise.dueDate')}>
            <input type="date" data-testid="promise-date" value={form.promise?.dueDate ?? ''} onChange={(e) => update({ promise: { ...form.promise, dueDate: e.target.value } })} />
          </Field>
        </div>
      )}
      {needs.has('plan') && (
        <div className="wrapup-fields" data-testid="wrapup-plan">
          <MoneyField className="wrapup-field" label={`${t('wrapup.field.plan.totalMinor')} (${currency})`} testId="plan-total" minor={form.plan?.totalMinor}
            onChange={(totalMinor) => update({ plan: { ...form.plan, totalMinor } })} error={errorFor('plan.totalMinor')} />
          <Field label={t('wrapup.field.plan.count')} error={errorFor('plan.count')}>
            <input type="number" min={1} data-testid="plan-count" value={form.plan?.count ?? ''} onChange={(e) => update({ plan: { ...form.plan, count: e.target.value === '' ? undefined : Number(e.target.value) } })} />
          </Field>
          <Field label={t('wrapup.field.plan.frequency')} error={errorFor('plan.frequency')}>
            <select data-testid="plan-frequency" value={form.plan?.frequency ?? ''} onChange={(e) => update({ plan: { ...form.plan, frequency: e.target.value as 'monthly' } })}>
              <option value="" />
              {(['weekly', 'fortnightly', 'monthly'] as const).map((f) => <option key={f} value={f}>{t(`wrapup.frequency.${f}`)}</option>)}
            </select>
          </Field>
          <Field label={t('wrapup.field.plan.firstDate')} error={errorFor('plan.firstDate')}>
            <input type="date" data-testid="plan-first" value={form.plan?.firstDate ?? ''} onChange={(e) => update({ plan: { ...form.plan, firstDate: e.target.value } })} />
          </Field>
          {plan && (
            <ol className="wrapup-instalments" data-testid="plan-instalments">
              {plan.map((i) => <li key={i.number}>{t('wrapup.plan.instalment', { number: i.number, amount: format.money(i.amountMinor, currency), date: format.date(i.dueDate) })}</li>)}
            </ol>
          )}
        </div>
      )}
      {(needs.has('callback') || form.callback) && (
        <div className="wrapup-fields" data-testid="wrapup-callback">
          <Field label={t('wrapup.field.callback.date')} error={errorFor('callback.date')}>
            <input type="date" data-testid="callback-date" value={form.callback?.date ?? ''} onChange={(e) => update({ callback: { owner: 'agent', ...form.callback, date: e.target.value } })} />
          </Field>
          <Field label={t('wrapup.field.callback.time')} error={errorFor('callback.time')}>
            <input type="time" data-testid="callback-time" value={form.callback?.time ?? ''} onChange={(e) => update({ callback: { owner: 'agent', ...form.callback, time: e.target.value } })} />
          </Field>
          <Field label={t('call.callbackOwner')} error={null}>
            <select value={form.callback?.owner ?? 'agent'} onChange={(e) => update({ callback: { ...form.callback, owner: e.target.value as 'agent' | 'team' } })}>
              <option value="agent">{t('call.ownerAgent')}</option>
              <option value="team">{t('call.ownerTeam')}</option>
            </select>
          </Field>
          <p className="muted">{t('call.debtorTime', { zone: timeZone })}</p>
        </div>
      )}
      {needs.has('extensionDate') && (
        <div className="wrapup-fields">
          <Field label={t('wrapup.field.extensionDate')} error={errorFor('extensionDate')}>
            <input type="date" data-testid="extension-date" value={form.extensionDate ?? ''} onChange={(e) => update({ extensionDate: e.target.value })} />
          </Field>
        </div>
      )}
      {needs.has('attorney') && (
        <div className="wrapup-fields">
          <Field label={t('wrapup.field.attorney.name')} error={errorFor('attorney.name')}>
            <input value={form.attorney?.name ?? ''} onChange={(e) => update({ attorney: { ...form.attorney, name: e.target.value } })} />
          </Field>
          <Field label={t('wrapup.field.attorney.phone')} error={errorFor('attorney.phone')}>
            <input value={form.attorney?.phone ?? ''} onChange={(e) => update({ attorney: { ...form.attorney, phone: e.target.value } })} />
          </Field>
        </div>
      )}
      <Field label={t('wrapup.field.note')} error={errorFor('note')}>
        <textarea data-testid="wrapup-note" rows={3} maxLength={4000} value={form.note} aria-invalid={flags.length > 0}
          onChange={(e) => update({ note: e.target.value })} />
      </Field>
      {flags.length > 0 && (
        <p className="field-error" role="alert" data-testid="wrapup-note-flag">
          {t('call.noteFlagged', { phrases: [...new Set(flags.map((f) => f.phrase))].join(language === 'zh-CN' ? '、' : ', ') })}
        </p>
      )}
      {failure && <p className="notice notice-error" role="alert" data-testid="wrapup-error">{failure}</p>}
      <div className="wrapup-actions">
        <button type="button" className="button button-primary" data-testid="wrapup-save" disabled={saving} onClick={() => void save()}>
          {t('call.saveWrapUp')} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </section>
  );
}

function Field({ label, error, children }: { label: string; error: string | null; children: React.ReactNode }) {
  return (
    <label className="wrapup-field">
      <span>{label}</span>
      {children}
      {error && <span className="field-error" role="alert">{error}</span>}
    </label>
  );
}

function planPreview(form: WrapUpForm) {
  const p = form.plan;
  if (!p?.totalMinor || !p.count || !p.frequency || !p.firstDate) return null;
  try {
    return planInstalments({ totalMinor: p.totalMinor, count: p.count, frequency: p.frequency, firstDate: p.firstDate });
  } catch {
    return null; // the field errors say why
  }
}

/** Letter keys pick an outcome while focus is not in a field. */
function useOutcomeKeys(outcomes: Outcome[], pick: (o: Outcome) => void): void {
  const latest = useRef(pick);
  latest.current = pick;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const o = outcomes.find((x) => x.key === event.key.toLowerCase());
      if (!o) return;
      event.preventDefault();
      latest.current(o);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [outcomes]);
}

function useDebouncedSave(form: WrapUpForm | null, save: (form: WrapUpForm) => void): void {
  const first = useRef(true);
  useEffect(() => {
    if (!form) return;
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => save(form), DRAFT_SAVE_MS);
    return () => clearTimeout(timer);
  }, [form, save]);
}
