// What lets an agent unlock the screen offline: with password protection their slot in the key
// file (it opens only with their password); with the OS keychain, a scrypt verifier of their
// password kept in the encrypted database. Both are renewed from the password the central
// server has just accepted, after the sign-in answers (scrypt takes about a second).
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { checkVerifier, makeVerifier, PasswordVerifier } from '../store/device-key';
import { readMeta, writeMeta } from '../store/meta';
import type { Vault } from './vault';

const VERIFIERS = 'security.verifiers';
const Verifiers = z.record(z.string(), PasswordVerifier);

export interface PasswordDeps {
  vault: Vault;
  db: () => BetterSqlite3.Database | null;
  kdf?: { N: number; r: number; p: number };
}

/** Renews the agent's slot or verifier with the password the server accepted. Never throws. */
export async function rememberPassword(deps: PasswordDeps, user: { id: string; username: string }, password: string): Promise<void> {
  try {
    if (deps.vault.protection === 'password') {
      await deps.vault.rememberPassword(user.username, password);
      return;
    }
    const verifier = await makeVerifier(password, deps.kdf);
    const db = deps.db();
    if (!db || !db.open) return;
    writeMeta(db, VERIFIERS, { ...(readMeta(db, VERIFIERS, Verifiers) ?? {}), [user.id]: verifier });
  } catch (err) {
    console.warn(`Fairline: the password could not be kept for unlocking offline: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Whether the password is the agent's, checked here without the server; null when nothing here can tell. */
export async function checkPassword(deps: PasswordDeps, user: { id: string; username: string }, password: string): Promise<boolean | null> {
  if (deps.vault.protection === 'password') return deps.vault.checkPassword(user.username, password);
  const db = deps.db();
  const verifier = db ? readMeta(db, VERIFIERS, Verifiers)?.[user.id] : undefined;
  return verifier ? checkVerifier(verifier, password) : null;
}
