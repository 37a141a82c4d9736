// Console settings, stored in the local store. The central server URL may be pinned by the
// environment (FAIRLINE_SERVER_URL) and otherwise falls back to the embedded server.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { type Settings, type SettingsPatch, SipSettings } from '../../shared/api/contract';
import { Language } from '../../shared/i18n/languages';
import { readMeta, writeMeta } from './store/meta';

const Stored = z.object({ serverUrl: z.string(), language: Language, sip: SipSettings });
type Stored = z.infer<typeof Stored>;

const KEY = 'settings';

export function defaultSettings(systemLocale: string): Stored {
  return {
    serverUrl: '',
    language: systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
    sip: { server: '', uri: '', authUser: '', password: '', displayName: '', outboundProxy: '', registerExpires: 600, iceServers: [] },
  };
}

export function readSettings(db: Database.Database | null, systemLocale: string): Stored {
  return (db && readMeta(db, KEY, Stored)) || defaultSettings(systemLocale);
}

export function updateSettings(db: Database.Database, systemLocale: string, patch: SettingsPatch): Stored {
  const current = readSettings(db, systemLocale);
  const next: Stored = {
    serverUrl: patch.serverUrl ?? current.serverUrl,
    language: patch.language ?? current.language,
    sip: { ...current.sip, ...patch.sip },
  };
  writeMeta(db, KEY, next);
  return next;
}

/** The server the console talks to: the environment's, else the configured one, else the embedded one. */
export function effectiveServerUrl(stored: Stored, pinned: string | null, embedded: string): string {
  return pinned ?? (stored.serverUrl || embedded);
}

export function withEffectiveUrl(stored: Stored, url: string): Settings {
  return { ...stored, serverUrl: url };
}
