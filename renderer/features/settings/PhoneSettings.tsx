// Settings → Softphone on this computer: auto-answer, and the audio devices (microphone, call
// audio, ringing), listed by the browser engine. Device names appear once the console may use
// the microphone; a chosen device that is not plugged in stays shown as such.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudioDeviceChoice, PhonePrefs } from '../../../shared/api/contract';
import { type Device, type DeviceRole, DEVICE_ROLES, devicesFor, listDevices, resolveDevice } from '../../softphone/devices';
import { Ringer } from '../../softphone/ringer';

interface Props {
  value: PhonePrefs;
  onChange: (prefs: PhonePrefs) => void;
}

const TEST_RING_MS = 3000;

export function PhoneSettings({ value, onChange }: Props) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [ringing, setRinging] = useState(false);
  const ringElement = useRef<HTMLAudioElement | null>(null);
  const media = navigator.mediaDevices as MediaDevices | undefined;

  const reload = useCallback(() => {
    if (media) void listDevices(media).then(setDevices, () => setDevices([]));
  }, [media]);
  useEffect(() => {
    reload();
    media?.addEventListener('devicechange', reload);
    return () => media?.removeEventListener('devicechange', reload);
  }, [media, reload]);

  const namesHidden = devices !== null && devices.length > 0 && devices.every((d) => d.label === '');
  async function showNames(): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => null);
    stream?.getTracks().forEach((track) => track.stop());
    reload();
  }

  async function testRing(): Promise<void> {
    const element = ringElement.current;
    if (!element || ringing) return;
    const ringer = new Ringer(element);
    await element.setSinkId(resolveDevice('ringing', value.ringing, devices ?? []).id).catch(() => undefined);
    setRinging(true);
    ringer.start();
    setTimeout(() => {
      ringer.dispose();
      setRinging(false);
    }, TEST_RING_MS);
  }

  const choose = (role: DeviceRole, id: string) => {
    const device = (devices ?? []).find((d) => d.id === id && devicesFor(role, [d]).length > 0);
    const choice: AudioDeviceChoice = id === '' ? null : { id, label: device?.label ?? value[role]?.label ?? '' };
    onChange({ ...value, [role]: choice });
  };

  return (
    <section className="panel" data-testid="settings-phone">
      <h2>{t('settings.phone')}</h2>
      <label className="settings-check">
        <input type="checkbox" data-testid="settings-auto-answer" checked={value.autoAnswer} onChange={(e) => onChange({ ...value, autoAnswer: e.target.checked })} />
        <span>{t('settings.autoAnswer')}</span>
      </label>
      <p className="field-note">{t('settings.autoAnswerNote')}</p>

      <h3 className="settings-subhead">{t('settings.devices')}</h3>
      <div className="field-grid settings-devices">
        {DEVICE_ROLES.map((role) => {
          const listed = devicesFor(role, devices ?? []);
          const chosen = value[role];
          const missing = chosen !== null && devices !== null && !namesHidden && resolveDevice(role, chosen, devices).missing;
          const selected = chosen === null ? '' : (listed.find((d) => d.id === chosen.id) ?? listed.find((d) => d.label === chosen.label))?.id ?? chosen.id;
          return (
            <div className="field" key={role}>
              <label htmlFor={`settings-device-${role}`}>{t(`settings.device.${role}`)}</label>
              <select id={`settings-device-${role}`} data-testid={`settings-device-${role}`} value={selected} aria-invalid={missing || undefined}
                onChange={(e) => choose(role, e.target.value)}>
                <option value="">{t('settings.systemDefault')}</option>
                {listed.map((d, i) => <option key={d.id || i} value={d.id}>{d.label || t('settings.unnamedDevice', { n: i + 1 })}</option>)}
                {chosen && !listed.some((d) => d.id === selected) && (
                  <option value={chosen.id}>{devices === null ? chosen.label || chosen.id : t('settings.notConnected', { device: chosen.label || chosen.id })}</option>
                )}
              </select>
              {missing && <p className="field-note settings-device-missing" data-testid={`settings-device-${role}-missing`}>{t('settings.deviceMissingNote')}</p>}
            </div>
          );
        })}
        <div className="field settings-test-ring">
          <button type="button" className="button" data-testid="settings-test-ring" disabled={ringing} onClick={() => void testRing()}>
            {ringing ? t('settings.testRinging') : t('settings.testRing')}
          </button>
          <audio ref={ringElement} data-testid="settings-ring-audio" />
        </div>
      </div>
      {namesHidden && (
        <p className="field-note">
          {t('settings.deviceNamesHidden')}{' '}
          <button type="button" className="button button-quiet" data-testid="settings-device-names" onClick={() => void showNames()}>{t('settings.showDeviceNames')}</button>
        </p>
      )}
      {devices !== null && devices.length === 0 && <p className="field-note">{t('settings.noDevices')}</p>}
      <p className="field-note">{t('settings.devicesNote')}</p>
    </section>
  );
}
