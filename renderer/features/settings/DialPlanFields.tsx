// Settings → dial plan (how numbers go out to the PBX) and call handling (ring timeout, a
// second call while on one, what Reject answers).
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';
import type { SettingsForm } from './settings-form';

interface Props {
  form: SettingsForm;
  errors: { dialPlan?: string; ringTimeoutSec?: string };
  onChange: (patch: Partial<Pick<SettingsForm, 'dialPlan' | 'whenBusy' | 'rejectCode'>> & { ringTimeoutSec?: string }) => void;
}

export function DialPlanFields({ form, errors, onChange }: Props) {
  const { t } = useTranslation();
  const plan = form.dialPlan;
  const setPlan = (patch: Partial<SettingsForm['dialPlan']>) => onChange({ dialPlan: { ...plan, ...patch } });
  return (
    <>
      <h3 className="settings-subhead">{t('softphone.settings.dialPlan')}</h3>
      <div className="field-grid" data-testid="settings-dial-plan">
        <TextField id="settings-dial-prefix" testId="settings-dial-prefix" label={t('softphone.settings.outboundPrefix')} value={plan.outboundPrefix}
          onChange={(outboundPrefix) => setPlan({ outboundPrefix })} />
        <TextField id="settings-dial-extension" testId="settings-dial-extension" label={t('softphone.settings.extensionMaxDigits')} value={plan.extensionMaxDigits}
          type="number" onChange={(extensionMaxDigits) => setPlan({ extensionMaxDigits })} />
        <div className="field">
          <label htmlFor="settings-dial-format">{t('softphone.settings.format')}</label>
          <select id="settings-dial-format" data-testid="settings-dial-format" value={plan.format} onChange={(e) => setPlan({ format: e.target.value as 'e164' | 'national' })}>
            <option value="e164">{t('softphone.settings.formatE164')}</option>
            <option value="national">{t('softphone.settings.formatNational')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="settings-dial-country">{t('softphone.settings.homeCountry')}</label>
          <select id="settings-dial-country" data-testid="settings-dial-country" value={plan.homeCountry} onChange={(e) => setPlan({ homeCountry: e.target.value as 'CN' | 'US' })}>
            <option value="CN">{t('softphone.settings.country.CN')}</option>
            <option value="US">{t('softphone.settings.country.US')}</option>
          </select>
        </div>
        <label className="settings-check">
          <input type="checkbox" data-testid="settings-dial-user-phone" checked={plan.userPhone} onChange={(e) => setPlan({ userPhone: e.target.checked })} />
          <span>{t('softphone.settings.userPhone')}</span>
        </label>
      </div>
      <p className="field-note">{t('softphone.settings.dialPlanNote')}</p>
      <FieldError id="settings-dial-plan-error" message={errors.dialPlan} />

      <h3 className="settings-subhead">{t('softphone.settings.callHandling')}</h3>
      <div className="field-grid">
        <TextField id="settings-sip-ringTimeoutSec" testId="settings-sip-ringTimeoutSec" label={t('softphone.settings.ringTimeout')} type="number"
          value={form.sip.ringTimeoutSec} error={errors.ringTimeoutSec} onChange={(ringTimeoutSec) => onChange({ ringTimeoutSec })} />
        <div className="field">
          <label htmlFor="settings-when-busy">{t('softphone.settings.whenBusy')}</label>
          <select id="settings-when-busy" data-testid="settings-when-busy" value={form.whenBusy} onChange={(e) => onChange({ whenBusy: e.target.value as SettingsForm['whenBusy'] })}>
            <option value="call_waiting">{t('softphone.settings.whenBusyWaiting')}</option>
            <option value="busy">{t('softphone.settings.whenBusyBusy')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="settings-reject-code">{t('softphone.settings.rejectCode')}</label>
          <select id="settings-reject-code" data-testid="settings-reject-code" value={form.rejectCode} onChange={(e) => onChange({ rejectCode: Number(e.target.value) as 486 | 603 })}>
            <option value="486">{t('softphone.settings.reject486')}</option>
            <option value="603">{t('softphone.settings.reject603')}</option>
          </select>
        </div>
      </div>
    </>
  );
}
