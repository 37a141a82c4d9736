// The settings form as typed, and the patch it means: only what changed is sent. The SIP
// password reads back as '' (the core never returns it): typing one replaces the saved one,
// leaving the field empty keeps it.
import type { PhonePrefs, Settings, SettingsPatch, SipSettings } from '../../../shared/api/contract';

type SipText = { [K in keyof SipSettings]: string };

export interface SettingsForm {
  serverUrl: string;
  sip: SipText;
  phone: PhonePrefs;
}

export type FieldName = 'serverUrl' | `sip.${keyof SipSettings}`;

export function toForm(settings: Settings): SettingsForm {
  const { sip } = settings;
  return {
    serverUrl: settings.serverUrl,
    sip: { ...sip, registerExpires: String(sip.registerExpires), iceServers: sip.iceServers.join('\n') },
    phone: settings.phone,
  };
}

interface Draft {
  patch: SettingsPatch;
  /** Fields whose text cannot be sent at all (the core checks everything else). */
  notWholeNumber: FieldName[];
}

export function toDraft(form: SettingsForm, saved: Settings): Draft {
  const patch: SettingsPatch = {};
  const notWholeNumber: FieldName[] = [];
  const serverUrl = form.serverUrl.trim();
  if (serverUrl !== saved.serverUrl) patch.serverUrl = serverUrl;

  const sip: Partial<SipSettings> = {};
  for (const key of ['server', 'uri', 'authUser', 'displayName', 'outboundProxy'] as const) {
    const value = form.sip[key].trim();
    if (value !== saved.sip[key]) sip[key] = value;
  }
  if (form.sip.password !== saved.sip.password) sip.password = form.sip.password;
  const expires = form.sip.registerExpires.trim();
  if (!/^\d+$/.test(expires)) notWholeNumber.push('sip.registerExpires');
  else if (Number(expires) !== saved.sip.registerExpires) sip.registerExpires = Number(expires);
  const iceServers = form.sip.iceServers.split('\n').map((line) => line.trim()).filter(Boolean);
  if (iceServers.join('\n') !== saved.sip.iceServers.join('\n')) sip.iceServers = iceServers;

  if (Object.keys(sip).length > 0) patch.sip = sip;

  const phone: Partial<PhonePrefs> = {};
  for (const key of ['autoAnswer', 'input', 'output', 'ringing'] as const) {
    if (JSON.stringify(form.phone[key]) !== JSON.stringify(saved.phone[key])) Object.assign(phone, { [key]: form.phone[key] });
  }
  if (Object.keys(phone).length > 0) patch.phone = phone;
  return { patch, notWholeNumber };
}

/** The form field a VALIDATION issue path points at (`sip.iceServers.2` → `sip.iceServers`). */
export function fieldOf(path: string): string {
  const parts = path.split('.');
  return parts[0] === 'sip' ? parts.slice(0, 2).join('.') : (parts[0] ?? path);
}
