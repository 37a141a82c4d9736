import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Settings } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/ApiContext';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import { errorText } from '../../app/error-text';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useNotify } from '../../app/Toasts';
import { TextField } from '../../ui/TextField';
import { PhoneSettings } from './PhoneSettings';
import { DialPlanFields } from './DialPlanFields';
import { IceServersField } from './IceServersField';
import { ProgressiveSettings } from './ProgressiveSettings';
import { useProgressive } from '../progressive/ProgressiveProvider';
import { type FieldName, fieldOf, type SettingsForm, SIP_TEXT, toDraft, toForm } from './settings-form';

interface Props {
  settings: Settings;
  info: AppInfo;
}

const SIP_FIELDS = [
  { key: 'server', label: 'settings.sipServer' },
  { key: 'uri', label: 'settings.sipUri' },
  { key: 'authUser', label: 'settings.sipAuthUser' },
  { key: 'password', label: 'settings.sipPassword' },
  { key: 'displayName', label: 'settings.sipDisplayName' },
  { key: 'outboundProxy', label: 'settings.sipOutboundProxy' },
  { key: 'registerExpires', label: 'settings.sipRegisterExpires' },
] as const satisfies readonly { key: (typeof SIP_TEXT)[number]; label: string }[];

const FIELD_NAMES: readonly string[] = ['serverUrl', ...SIP_TEXT.map((key) => `sip.${key}`), 'sip.iceServers', 'sip.dialPlan', 'sip.whenBusy', 'sip.rejectCode', 'progressive.previewSec'];

export function SettingsEditor({ settings, info }: Props) {
  const api = useApi();
  const notify = useNotify();
  const softphone = useSoftphone();
  const progressive = useProgressive();
  const { t } = useTranslation();
  const [saved, setSaved] = useState(settings);
  const [form, setForm] = useState(() => toForm(settings));
  const [issues, setIssues] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const draft = toDraft(form, saved);
  const invalidCount = Object.keys(draft.invalid).length;
  const dirty = Object.keys(draft.patch).length > 0 || invalidCount > 0;
  const serverUrlPinned = info.pinnedByEnv.includes('serverUrl');

  const errorFor = (field: FieldName) => {
    const key = draft.invalid[field];
    return issues[field] ?? (attempted && key ? t(key as 'softphone.settings.invalid.other') : undefined);
  };
  /** Applies an edit; the core's complaint about that field no longer applies to the new text. */
  function edit(field: FieldName, apply: (form: SettingsForm) => SettingsForm): void {
    setForm(apply);
    setIssues((all) => ({ ...all, [field]: undefined }));
  }
  const setSip = (key: (typeof SIP_TEXT)[number], value: string) => edit(`sip.${key}`, (f) => ({ ...f, sip: { ...f.sip, [key]: value } }));

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setAttempted(true);
    if (invalidCount > 0) return;
    setSaving(true);
    setIssues({});
    setFailure(null);
    try {
      const next = await api.invoke('settings.update', draft.patch);
      if (draft.patch.sip) softphone.restart(); // register again with the new account
      if (draft.patch.phone) softphone.setPrefs(next.phone); // devices and auto-answer: at once
      if (draft.patch.progressive && next.progressive) progressive.applyPrefs(next.progressive);
      setSaved(next);
      setForm(toForm(next));
      setAttempted(false);
      notify('success', t('settings.saved'));
    } catch (error) {
      const placed = error instanceof ApiError && error.code === 'VALIDATION' ? placeIssues(error, t) : {};
      setIssues(placed);
      if (Object.keys(placed).length === 0) setFailure(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="settings-form" onSubmit={(e) => void save(e)} noValidate>
      <section className="panel">
        <h2>{t('settings.server')}</h2>
        <TextField
          id="settings-server-url"
          testId="settings-server-url"
          label={t('settings.serverUrl')}
          value={form.serverUrl}
          readOnly={serverUrlPinned}
          note={serverUrlPinned ? t('settings.pinnedBy', { name: 'FAIRLINE_SERVER_URL' }) : undefined}
          error={errorFor('serverUrl')}
          onChange={(serverUrl) => edit('serverUrl', (f) => ({ ...f, serverUrl }))}
        />
      </section>

      <section className="panel">
        <h2 id="settings-language-title">{t('settings.language')}</h2>
        <LanguageSwitch labelledBy="settings-language-title" testId="settings-language" className="settings-language" />
        <p className="field-note">{t('settings.languageNote')}</p>
      </section>

      <section className="panel">
        <h2>{t('settings.sip')}</h2>
        <p className="panel-note">{t('settings.sipNote')}</p>
        <div className="field-grid">
          {SIP_FIELDS.map(({ key, label }) => (
            <TextField
              key={key}
              id={`settings-sip-${key}`}
              testId={`settings-sip-${key}`}
              label={t(label)}
              type={key === 'password' ? 'password' : key === 'registerExpires' ? 'number' : 'text'}
              value={form.sip[key]}
              note={key === 'password' ? passwordNote(t, saved.sipPassword, form.sip.password !== '') : undefined}
              error={errorFor(`sip.${key}`)}
              onChange={(value) => setSip(key, value)}
            />
          ))}
        </div>
        <IceServersField rows={form.ice} relayOnly={form.iceRelayOnly} error={errorFor('sip.iceServers')}
          onChange={(ice) => edit('sip.iceServers', (f) => ({ ...f, ice }))} onRelayOnly={(iceRelayOnly) => setForm((f) => ({ ...f, iceRelayOnly }))} />
        <DialPlanFields
          form={form}
          errors={{ dialPlan: errorFor('sip.dialPlan'), ringTimeoutSec: errorFor('sip.ringTimeoutSec') }}
          onChange={({ ringTimeoutSec, ...patch }) => {
            if (ringTimeoutSec !== undefined) setSip('ringTimeoutSec', ringTimeoutSec);
            if (patch.dialPlan) edit('sip.dialPlan', (f) => ({ ...f, ...patch }));
            else if (Object.keys(patch).length > 0) setForm((f) => ({ ...f, ...patch }));
          }}
        />
      </section>

      <PhoneSettings value={form.phone} onChange={(phone) => setForm((f) => ({ ...f, phone }))} />

      <ProgressiveSettings previewSec={form.previewSec} error={errorFor('progressive.previewSec')}
        onPreviewSec={(previewSec) => edit('progressive.previewSec', (f) => ({ ...f, previewSec }))} />

      <section className="panel">
        <h2>{t('settings.localData')}</h2>
        <TextField
          id="settings-data-dir"
          testId="settings-data-dir"
          label={t('settings.dataDir')}
          value={info.dataDir}
          readOnly
          note={info.pinnedByEnv.includes('dataDir') ? t('settings.pinnedBy', { name: 'FAIRLINE_DATA_DIR' }) : undefined}
        />
        <TextField id="settings-database-file" testId="settings-database-file" label={t('settings.databaseFile')} value={info.databaseFile} readOnly />
      </section>

      <div className="settings-actions">
        {failure !== null && <p className="form-error" role="alert">{t('settings.saveFailed', { reason: errorText(t, failure) })}</p>}
        <button type="submit" className="button button-primary" data-testid="settings-save" disabled={!dirty || saving}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}

/** Where the SIP password is kept: the OS keychain (Electron), or the local database as typed (browser shell). */
function passwordNote(t: TFunction, stored: Settings['sipPassword'], typing: boolean): string {
  const where = stored.storage === 'keychain' ? t('settings.passwordInKeychain') : t('settings.passwordInDatabase');
  return stored.saved && !typing ? `${t('settings.passwordSaved')} ${where}` : where;
}

/** VALIDATION issues by form field, in the reader's language; none if any issue has no field to sit next to. */
function placeIssues(error: ApiError, t: TFunction): Partial<Record<string, string>> {
  const placed: Partial<Record<string, string>> = {};
  for (const issue of error.issues ?? []) {
    const field = fieldOf(issue.path);
    if (!FIELD_NAMES.includes(field)) return {};
    const key = field.startsWith('sip.') ? field.slice(4) : '';
    placed[field] ??= key && key in INVALID ? t(`softphone.settings.invalid.${key as keyof typeof INVALID}`) : issue.message;
  }
  return placed;
}

const INVALID = { server: 1, uri: 1, authUser: 1, password: 1, displayName: 1, outboundProxy: 1, registerExpires: 1, iceServers: 1, dialPlan: 1, ringTimeoutSec: 1 } as const;
