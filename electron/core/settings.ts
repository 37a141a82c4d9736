// Console settings, stored in the local store. The central server URL may be pinned by the
// environment (FAIRLINE_SERVER_URL) and otherwise falls back to the embedded server.
//
// The SIP password is the one secret here. The host hands the core a SecretBox when the
// operating system can keep secrets (Electron's safeStorage: the macOS Keychain, Windows
// DPAPI, the Secret Service or KWallet on Linux): the password is then stored sealed and
// opened only when the softphone asks for it ('sip.account'). Without a box (the browser
// shell, or Electron on a Linux desktop with no keyring) it is stored as typed, and Settings
// says so. Either way 'settings.get' never returns it.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { PhonePrefs, type Settings, type SettingsPatch, SipSettings } from '../../shared/api/contract';
import { DEFAULT_DIAL_PLAN } from '../../shared/api/sip';
import { DEFAULT_PROGRESSIVE, ProgressivePrefs } from '../../shared/api/progressive';
import { Language } from '../../shared/i18n/languages';
import { readMeta, writeMeta } from './store/meta';

/** Encrypts and decrypts short strings with a key the operating system keeps. */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the text was sealed by another key (another user or machine). */
  open(sealed: string): string;
}

export const DEFAULT_PHONE_PREFS: PhonePrefs = { autoAnswer: false, input: null, output: null, ringing: null };

const Stored = z.object({
  serverUrl: z.string(),
  language: Language,
  /** sip.password holds the password as typed only when there is no SecretBox; else ''. */
  sip: SipSettings,
  /** The password sealed by the SecretBox (base64 or whatever the box makes), or null. */
  sealedSipPassword: z.string().nullable().default(null),
  phone: PhonePrefs.default(DEFAULT_PHONE_PREFS),
  progressive: ProgressivePrefs.default(DEFAULT_PROGRESSIVE),
});
type Stored = z.infer<typeof Stored>;

const KEY = 'settings';

export function defaultSettings(systemLocale: string): Stored {
  return {
    serverUrl: '',
    language: systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
    sip: {
      server: '', uri: '', authUser: '', password: '', displayName: '', outboundProxy: '', registerExpires: 600, iceServers: [],
      dialPlan: DEFAULT_DIAL_PLAN, iceRelayOnly: false, ringTimeoutSec: 30, whenBusy: 'call_waiting', rejectCode: 486,
    },
    sealedSipPassword: null,
    phone: DEFAULT_PHONE_PREFS,
    progressive: DEFAULT_PROGRESSIVE,
  };
}

export function readSettings(db: Database.Database | null, systemLocale: string): Stored {
  return (db && readMeta(db, KEY, Stored)) || defaultSettings(systemLocale);
}

export function updateSettings(db: Database.Database, systemLocale: string, patch: SettingsPatch, box: SecretBox | null = null): Stored {
  const current = readSettings(db, systemLocale);
  const { password, ...sip } = patch.sip ?? {};
  let next: Stored = {
    ...current,
    serverUrl: patch.serverUrl ?? current.serverUrl,
    language: patch.language ?? current.language,
    sip: { ...current.sip, ...sip },
    phone: { ...current.phone, ...patch.phone },
    progressive: { ...current.progressive, ...patch.progressive },
  };
  if (password !== undefined) next = withPassword(next, password, box);
  else if (box && current.sip.password) next = withPassword(next, current.sip.password, box); // sealed at the first write with a box
  writeMeta(db, KEY, next);
  return next;
}

function withPassword(stored: Stored, password: string, box: SecretBox | null): Stored {
  if (box && password) return { ...stored, sip: { ...stored.sip, password: '' }, sealedSipPassword: box.seal(password) };
  return { ...stored, sip: { ...stored.sip, password }, sealedSipPassword: null };
}

/** The SIP account with its password in clear, for the softphone. A password stored as typed
 *  before the host had a box is sealed now. A sealed one the box cannot open (or with no box
 *  at all: a data directory from the Electron app opened by the browser shell) reads as ''. */
export function sipAccount(db: Database.Database | null, systemLocale: string, box: SecretBox | null): SipSettings {
  const stored = readSettings(db, systemLocale);
  if (box && db && stored.sip.password) writeMeta(db, KEY, withPassword(stored, stored.sip.password, box));
  return { ...stored.sip, password: clearPassword(stored, box) };
}

function clearPassword(stored: Stored, box: SecretBox | null): string {
  if (stored.sealedSipPassword === null) return stored.sip.password;
  if (!box) return '';
  try {
    return box.open(stored.sealedSipPassword);
  } catch {
    return '';
  }
}

/** The server the console talks to: the environment's, else the configured one, else the embedded one. */
export function effectiveServerUrl(stored: Stored, pinned: string | null, embedded: string): string {
  return pinned ?? (stored.serverUrl || embedded);
}

/** What the renderer sees: the effective server URL, and no password. */
export function withEffectiveUrl(stored: Stored, url: string, box: SecretBox | null = null): Settings {
  const saved = stored.sealedSipPassword !== null || stored.sip.password !== '';
  return {
    serverUrl: url,
    language: stored.language,
    sip: { ...stored.sip, password: '' },
    sipPassword: { saved, storage: box ? 'keychain' : 'database' },
    phone: stored.phone,
    progressive: stored.progressive,
  };
}
