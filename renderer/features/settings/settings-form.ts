// The settings form as typed, and the patch it means: only what changed is sent. Every SIP
// field is checked here with the same schemas the core uses (shared/api/sip.ts), so a wrong
// value is named beside its field before anything is saved. The SIP password reads back as ''
// (the core never returns it): typing one replaces the saved one, leaving the field empty keeps it.
import type { z } from 'zod';
import type { PhonePrefs, Settings, SettingsPatch } from '../../../shared/api/contract';
import { DEFAULT_PROGRESSIVE, PREVIEW_SEC_MAX } from '../../../shared/api/progressive';
import { DialPlan, IceServer, SipAddress, SipProxy, SipServerUrl, type SipSettings } from '../../../shared/api/sip';

/** The SIP fields typed as text. */
export const SIP_TEXT = ['server', 'uri', 'authUser', 'password', 'displayName', 'outboundProxy', 'registerExpires', 'ringTimeoutSec'] as const;
type SipTextKey = (typeof SIP_TEXT)[number];

export interface IceRow {
  urls: string;
  username: string;
  credential: string;
}

export interface SettingsForm {
  serverUrl: string;
  sip: Record<SipTextKey, string>;
  ice: IceRow[];
  dialPlan: Omit<DialPlan, 'extensionMaxDigits'> & { extensionMaxDigits: string };
  iceRelayOnly: boolean;
  whenBusy: SipSettings['whenBusy'];
  rejectCode: SipSettings['rejectCode'];
  phone: PhonePrefs;
  /** Progressive dialling's preview before each dial, as typed (its on/off switch saves at once). */
  previewSec: string;
}

export type FieldName = 'serverUrl' | `sip.${keyof SipSettings}` | 'progressive.previewSec';

export function toForm(settings: Settings): SettingsForm {
  const { sip } = settings;
  return {
    serverUrl: settings.serverUrl,
    sip: {
      server: sip.server, uri: sip.uri, authUser: sip.authUser, password: sip.password, displayName: sip.displayName,
      outboundProxy: sip.outboundProxy, registerExpires: String(sip.registerExpires), ringTimeoutSec: String(sip.ringTimeoutSec),
    },
    ice: sip.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential })),
    dialPlan: { ...sip.dialPlan, extensionMaxDigits: String(sip.dialPlan.extensionMaxDigits) },
    iceRelayOnly: sip.iceRelayOnly,
    whenBusy: sip.whenBusy,
    rejectCode: sip.rejectCode,
    phone: settings.phone,
    previewSec: String((settings.progressive ?? DEFAULT_PROGRESSIVE).previewSec),
  };
}

interface Draft {
  patch: SettingsPatch;
  /** Fields whose text the core would refuse, each with the i18n key that says why. */
  invalid: Partial<Record<FieldName, string>>;
}

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;
const wholeIn = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

export function toDraft(form: SettingsForm, saved: Settings): Draft {
  const patch: SettingsPatch = {};
  const invalid: Draft['invalid'] = {};
  const serverUrl = form.serverUrl.trim();
  if (serverUrl !== saved.serverUrl) patch.serverUrl = serverUrl;

  const sip: Partial<SipSettings> = {};
  const text = (key: SipTextKey) => form.sip[key].trim();
  const checks: [SipTextKey, boolean][] = [
    ['server', ok(SipServerUrl, text('server'))],
    ['uri', ok(SipAddress, text('uri'))],
    ['authUser', !/\s/.test(text('authUser')) && text('authUser').length <= 100],
    ['password', form.sip.password.length <= 200],
    ['displayName', text('displayName').length <= 100 && !/\p{Cc}/u.test(text('displayName'))],
    ['outboundProxy', ok(SipProxy, text('outboundProxy'))],
    ['registerExpires', wholeIn(text('registerExpires'), 60, 86_400)],
    ['ringTimeoutSec', wholeIn(text('ringTimeoutSec'), 5, 300)],
  ];
  for (const [key, valid] of checks) if (!valid) invalid[`sip.${key}`] = `softphone.settings.invalid.${key}`;

  for (const key of ['server', 'uri', 'authUser', 'displayName', 'outboundProxy'] as const) {
    if (text(key) !== saved.sip[key]) sip[key] = text(key);
  }
  if (form.sip.password !== saved.sip.password) sip.password = form.sip.password;
  for (const key of ['registerExpires', 'ringTimeoutSec'] as const) {
    if (!invalid[`sip.${key}`] && Number(text(key)) !== saved.sip[key]) sip[key] = Number(text(key));
  }

  const ice = form.ice.map((row) => ({ urls: row.urls.trim(), username: row.username.trim(), credential: row.credential }))
    .filter((row) => row.urls || row.username || row.credential);
  if (!ice.every((row) => ok(IceServer, row))) invalid['sip.iceServers'] = 'softphone.settings.invalid.iceServers';
  else if (JSON.stringify(ice) !== JSON.stringify(saved.sip.iceServers)) sip.iceServers = ice;

  const plan = { ...form.dialPlan, outboundPrefix: form.dialPlan.outboundPrefix.trim(), extensionMaxDigits: Number(form.dialPlan.extensionMaxDigits.trim()) };
  if (!/^\d+$/.test(form.dialPlan.extensionMaxDigits.trim()) || !ok(DialPlan, plan)) invalid['sip.dialPlan'] = 'softphone.settings.invalid.dialPlan';
  else if (JSON.stringify(plan) !== JSON.stringify(saved.sip.dialPlan)) sip.dialPlan = plan;

  if (form.iceRelayOnly !== saved.sip.iceRelayOnly) sip.iceRelayOnly = form.iceRelayOnly;
  if (form.whenBusy !== saved.sip.whenBusy) sip.whenBusy = form.whenBusy;
  if (form.rejectCode !== saved.sip.rejectCode) sip.rejectCode = form.rejectCode;
  if (Object.keys(sip).length > 0) patch.sip = sip;

  const phone: Partial<PhonePrefs> = {};
  for (const key of ['autoAnswer', 'input', 'output', 'ringing'] as const) {
    if (JSON.stringify(form.phone[key]) !== JSON.stringify(saved.phone[key])) Object.assign(phone, { [key]: form.phone[key] });
  }
  if (Object.keys(phone).length > 0) patch.phone = phone;

  const previewSec = form.previewSec.trim();
  if (!wholeIn(previewSec, 0, PREVIEW_SEC_MAX)) invalid['progressive.previewSec'] = 'progressive.settings.invalidPreview';
  else if (Number(previewSec) !== (saved.progressive ?? DEFAULT_PROGRESSIVE).previewSec) patch.progressive = { previewSec: Number(previewSec) };
  return { patch, invalid };
}

/** The form field a VALIDATION issue path points at (`sip.iceServers.2.urls` → `sip.iceServers`, `progressive.previewSec` as it is). */
export function fieldOf(path: string): string {
  const parts = path.split('.');
  return parts[0] === 'sip' || parts[0] === 'progressive' ? parts.slice(0, 2).join('.') : (parts[0] ?? path);
}
