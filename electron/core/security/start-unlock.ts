// Signing in on a console whose data is closed (password protection: the browser shell, after
// each start). The agent's password opens their slot, offline too; an agent with no slot needs
// the central server to accept them first, and only a console with no data yet (or data from
// before encryption at rest) can take a new key that way. Agents sharing a desk get a slot when
// they sign in while the data is open (passwords.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { ApiError } from '../../../shared/api/errors';
import { readMeta, writeMeta } from '../store/meta';
import { isPlainDatabase, openDatabase } from '../store/database';
import { deviceSecret, login, type StoredSession, storeSession } from '../session';
import type { Fetch } from '../sync/http';
import type { Vault } from './vault';

export interface StartUnlockDeps {
  vault: Vault;
  databaseFile: () => string;
  /** Opens the store with the vault's key (encrypting older plain data first). */
  open: () => void;
  db: () => BetterSqlite3.Database | null;
  fetch: Fetch;
  serverUrl: () => string;
}

/** How the data was opened: by the agent's slot (the server is asked next), or by a first sign-in the server accepted. */
export type Opened = { by: 'slot' } | { by: 'server'; session: StoredSession };

export async function openForSignIn(deps: StartUnlockDeps, credentials: { username: string; password: string }): Promise<Opened> {
  const { vault } = deps;
  if (await vault.openWithPassword(credentials.username, credentials.password)) {
    deps.open();
    return { by: 'slot' };
  }
  const slots = vault.slotUsers();
  if (slots.includes(credentials.username)) throw new ApiError('UNAUTHORIZED', 'Wrong username or password');
  if (vault.hasKeystore()) {
    throw new ApiError('FORBIDDEN', `This console's data is locked with the password of ${slots.join(', ') || 'another agent'}: one of them must sign in first (then anyone may sign in here while it is open)`);
  }
  // No key yet: a fresh console, or one from before encryption at rest. The server vouches for the password.
  const file = deps.databaseFile();
  const identity = existsSync(file) && isPlainDatabase(file) ? legacyIdentity(file) : { deviceId: randomUUID(), secret: randomBytes(32).toString('base64url') };
  const session = await login({ fetch: deps.fetch, serverUrl: deps.serverUrl(), deviceId: identity.deviceId }, credentials, identity.secret);
  const key = await vault.create(credentials.username, credentials.password);
  if (!existsSync(file)) {
    // The identity the server has just seen is this console's from now on.
    const db = openDatabase(file, key);
    writeMeta(db, 'deviceId', identity.deviceId);
    writeMeta(db, 'deviceSecret', identity.secret);
    db.close();
  }
  deps.open();
  const db = deps.db();
  if (!db) throw new ApiError('STORE_UNAVAILABLE', 'The local database did not open after the sign-in');
  storeSession(db, session);
  deviceSecret(db); // an older console's device.secret file moves into the encrypted store now
  return { by: 'server', session };
}

/** The device id and secret of a plain database from before encryption (read only; the file is encrypted right after). */
function legacyIdentity(file: string): { deviceId: string; secret: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as BetterSqlite3.Database;
  try {
    const deviceId = readMeta(db, 'deviceId', z.string()) ?? randomUUID();
    const kept = readMeta(db, 'deviceSecret', z.string());
    const beside = join(dirname(file), 'device.secret');
    const secret = kept ?? (existsSync(beside) ? readFileSync(beside, 'utf8').trim() : randomBytes(32).toString('base64url'));
    return { deviceId, secret };
  } finally {
    db.close();
  }
}
