// The security parts of the core, wired in one place so core.ts only hands them what they need:
// the vault (device key), the screen lock and offline limit, and the `security.*` methods.
import type BetterSqlite3 from 'better-sqlite3';
import type { Handlers } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { ConsolePolicy, DEFAULT_CONSOLE_POLICY, type SecurityStatus } from '../../../shared/api/security';
import type { EventBody } from '../../../shared/domain/events';
import { type KeyWrapper, keystorePath } from '../store/device-key';
import { existsSync } from 'node:fs';
import { isPlainDatabase, probe, StoreOpenError } from '../store/database';
import { deleteMeta, readMeta, writeMeta } from '../store/meta';
import type { StoredSession } from '../session';
import { ConsoleLock, guardDebtorData, LOCK_META, StoredLock } from './console-lock';
import { checkPassword, type PasswordDeps, rememberPassword } from './passwords';
import { Vault } from './vault';
import { readWipe } from './wipe';
import { CONSOLE_POLICY_KEY } from '../sync/engine';


export interface SecurityWiringDeps {
  dataDir: string;
  keychain: KeyWrapper | null;
  kdf?: { N: number; r: number; p: number };
  now: () => Date;
  db: () => BetterSqlite3.Database | null;
  session: () => StoredSession | undefined;
  lastSyncedAt: () => string | null;
  log: (body: EventBody) => void;
  /** Asks the central server whether the password is the agent's (when nothing local can tell). */
  verifyOnline: (username: string, password: string) => Promise<boolean>;
}

export function createSecurity(deps: SecurityWiringDeps) {
  const vault = new Vault({ dataDir: deps.dataDir, keychain: deps.keychain, kdf: deps.kdf });
  const passwords: PasswordDeps = { vault, db: deps.db, kdf: deps.kdf };
  const policy = () => {
    const db = deps.db();
    return (db && readMeta(db, CONSOLE_POLICY_KEY, ConsolePolicy)) || DEFAULT_CONSOLE_POLICY;
  };
  const lock = new ConsoleLock({
    now: deps.now,
    policy,
    read: () => {
      const db = deps.db();
      return db ? readMeta(db, LOCK_META, StoredLock) ?? null : null;
    },
    write: (value) => {
      const db = deps.db();
      if (!db) return;
      if (value) writeMeta(db, LOCK_META, value);
      else deleteMeta(db, LOCK_META);
    },
    signedIn: () => deps.db() !== null && deps.session() !== undefined,
    verify: async (password) => {
      const s = deps.session();
      if (!s) return false;
      const local = await checkPassword(passwords, s.user, password);
      if (local !== null) return local;
      const ok = await deps.verifyOnline(s.user.username, password);
      if (ok) await rememberPassword(passwords, s.user, password);
      return ok;
    },
    lastContactAt: deps.lastSyncedAt,
    log: deps.log,
  });

  function status(): SecurityStatus {
    const s = deps.session();
    return {
      protection: vault.protection,
      locked: lock.current(),
      lockedFor: s ? { username: s.user.username, displayName: s.user.displayName } : null,
      offlineTooLong: lock.offlineTooLong(),
      lastContactAt: deps.db() ? deps.lastSyncedAt() : null,
      policy: policy(),
      wiped: readWipe(deps.dataDir),
    };
  }

  /** Why debtor data is refused now, or null. */
  function refusal(): ApiError | null {
    const locked = lock.current();
    if (locked) return new ApiError('LOCKED', 'The console is locked: unlock it with your password');
    if (lock.offlineTooLong()) {
      return new ApiError('LOCKED', `This console has not reached the central server for more than ${policy().maxOfflineDays} days: debtor data is back after the next sync`);
    }
    return null;
  }

  const handlers: Pick<Handlers, 'security.status' | 'security.activity' | 'security.lock' | 'security.unlock'> = {
    'security.status': async () => status(),
    'security.activity': async () => {
      lock.activity();
      return status();
    },
    'security.lock': async () => {
      lock.lock('manual');
      return status();
    },
    'security.unlock': async ({ password }) => {
      await lock.unlock(password);
      return status();
    },
  };

  return {
    vault,
    lock,
    wiped: () => readWipe(deps.dataDir) !== null,
    /** Why the local store is not open when no file error explains it: wiped, or waiting for a password. */
    closedError(): ApiError {
      const wipe = readWipe(deps.dataDir);
      if (wipe) return new ApiError('FORBIDDEN', wipe.reason === 'user_disabled'
        ? 'This console was wiped because the account signed in on it was disabled by an administrator'
        : 'This console was wiped because an administrator revoked it: it cannot be used again');
      return new ApiError('UNAUTHORIZED', 'Not signed in: sign in to open this console\'s data');
    },
    /**
     * The device key for opening the store: the open one, or the keychain's (made on the first
     * start). Older plain data is encrypted with it first. Null: the agents' passwords protect it.
     * Trouble with the key or the encryption is a StoreOpenError naming the file, like a bad database.
     */
    openKey(databaseFile: string): Buffer | null {
      let key: Buffer | null;
      try {
        key = vault.isOpen ? vault.deviceKey() : vault.openWithKeychain();
      } catch (err) {
        throw new StoreOpenError(keystorePath(deps.dataDir), `the key that encrypts this console's data cannot be opened (${err instanceof Error ? err.message : String(err)})`);
      }
      // A plain file (from before encryption at rest) is checked first: a bad one is named and left untouched.
      if (existsSync(databaseFile) && isPlainDatabase(databaseFile)) probe(databaseFile, null);
      else if (existsSync(databaseFile) && !vault.hasKeystore()) {
        throw new StoreOpenError(databaseFile, 'it is not a SQLite database, and no key file beside it could have encrypted it');
      }
      if (!key) return null;
      try {
        vault.encryptExisting(databaseFile);
      } catch (err) {
        throw new StoreOpenError(databaseFile, `it could not be encrypted (${err instanceof Error ? err.message : String(err)}); it is left as it was`);
      }
      return key;
    },
    sealer: () => vault.sealer(),
    handlers,
    guard: (all: Handlers) => guardDebtorData(all, refusal),
    /** After the server accepted a sign-in: the lock ends and the password is kept for unlocking offline. */
    signedIn(user: { id: string; username: string }, password: string): void {
      lock.clear();
      void rememberPassword(passwords, user, password);
    },
  };
}
