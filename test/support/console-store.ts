// Tests' access to a console's encrypted data directory: the key from its key file (an agent's
// password slot, or a test keychain standing in for Electron's safeStorage) and the database
// opened with it, read straight from disk like state.ts does, not through the core.
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey } from '../../electron/core/store/database';
import { type KeyWrapper, readKeystore } from '../../electron/core/store/device-key';
import { FileSealer } from '../../electron/core/files/sealed-file';

/** A cheap scrypt for tests that sign in often (the product uses OWASP's cost). */
export const TEST_KDF = { N: 2 ** 12, r: 8, p: 1 };

/** A keychain for tests: what Electron's safeStorage does, with a key known to the test. */
export function testKeychain(secret = 'test keychain'): KeyWrapper & { calls: string[] } {
  const kek = createHash('sha256').update(secret).digest();
  const calls: string[] = [];
  return {
    calls,
    wrap(key) {
      calls.push('wrap');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', kek, iv);
      const body = Buffer.concat([c.update(key), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    unwrap(wrapped) {
      calls.push('unwrap');
      const buf = Buffer.from(wrapped, 'base64');
      const d = createDecipheriv('aes-256-gcm', kek, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]);
    },
  };
}

/** The device key of a console's data directory, opened with a password or a test keychain. */
export function consoleKey(dataDir: string, opts: { password?: string; keychain?: KeyWrapper } = {}): Buffer {
  const store = readKeystore(dataDir);
  if (!store) throw new Error(`${dataDir} has no key file`);
  // scrypt at the product's cost takes a second: a key found once is kept while its key file is the same.
  const cacheKey = `${dataDir}\0${opts.password ?? ''}\0${JSON.stringify(store)}`;
  const cached = keys.get(cacheKey);
  if (cached) return cached;
  const key = findKey(dataDir, store, opts);
  keys.set(cacheKey, key);
  return key;
}

const keys = new Map<string, Buffer>();

function findKey(dataDir: string, store: NonNullable<ReturnType<typeof readKeystore>>, opts: { password?: string; keychain?: KeyWrapper }): Buffer {
  if (opts.keychain && store.keychain) return opts.keychain.unwrap(store.keychain);
  const password = opts.password ?? 'demo1234';
  for (const slot of store.passwords) {
    const kek = scryptSync(password.normalize('NFC'), Buffer.from(slot.kdf.salt, 'base64'), 32, { N: slot.kdf.N, r: slot.kdf.r, p: slot.kdf.p, maxmem: 256 * slot.kdf.N * slot.kdf.r + 1024 * 1024 });
    const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
    d.setAAD(Buffer.from(`fairline device key for ${slot.username}`));
    d.setAuthTag(Buffer.from(slot.tag, 'base64'));
    try {
      return Buffer.concat([d.update(Buffer.from(slot.wrapped, 'base64')), d.final()]);
    } catch {
      // another agent's slot
    }
  }
  throw new Error(`No slot of ${dataDir}'s key file opens with that password`);
}

/** The console's database (fairline.db), decrypted with its key; read-only unless asked. */
export function openConsoleStore(dataDir: string, opts: { password?: string; keychain?: KeyWrapper; readonly?: boolean } = {}): BetterSqlite3.Database {
  const db = new Database(join(dataDir, 'fairline.db'), { readonly: opts.readonly ?? true, fileMustExist: true }) as unknown as BetterSqlite3.Database;
  applyKey(db, consoleKey(dataDir, opts));
  return db;
}

/** A sealed file's plain bytes (a recording or photo the console keeps). */
export function readSealed(dataDir: string, file: string, opts: { password?: string; keychain?: KeyWrapper } = {}): Buffer {
  return new FileSealer(consoleKey(dataDir, opts)).readFile(file);
}
