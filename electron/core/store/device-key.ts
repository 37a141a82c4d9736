// The device key: 32 random bytes made once per data directory. It encrypts the local database
// (SQLCipher, database.ts) and every file the console keeps (files/sealed-file.ts). It is never
// written down as such: `keystore.json` beside the database holds it wrapped, in one or more slots:
//
// - keychain: wrapped by the operating system's keychain (Electron's safeStorage: the macOS
//   Keychain, Windows DPAPI, the Secret Service or KWallet). The console opens at start.
// - password: one slot per agent who signed in here, the key wrapped by AES-256-GCM under a key
//   derived from that agent's password with scrypt (Node's crypto; memory-hard, the same KDF the
//   central server uses for passwords). This is the browser shell, which has no keychain (and
//   Electron on a Linux desktop without a keyring): the data stays closed until an agent whose
//   slot it is types their password; a wrong password fails the GCM tag, so the slot is its own
//   offline verifier. Agents sharing a desk each get a slot when they sign in while it is open.
//
// Losing keystore.json loses the data it protects, by design: there is no escrow.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE, restrictFile } from '../files/private-files';

export const KEYSTORE_FILE = 'keystore.json';

/** Wraps the device key with a key the operating system keeps (Electron's safeStorage). */
export interface KeyWrapper {
  wrap(key: Buffer): string;
  /** Throws when the wrapped key was made by another keychain (another user or machine). */
  unwrap(wrapped: string): Buffer;
}

/**
 * scrypt's cost: N = 2^17, r = 8, p = 1 (128 MiB, 0.3 to 1.2 s), OWASP's recommendation, paid
 * when the console opens, an agent signs in (in the background) or the screen unlocks.
 */
export interface KdfParams { N: number; r: number; p: number }
export const SCRYPT_PARAMS: KdfParams = { N: 2 ** 17, r: 8, p: 1 };

const B64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const ScryptParams = z.object({ N: z.number().int().min(2 ** 10).max(2 ** 22), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16) });
const PasswordSlot = z.object({
  username: z.string().min(1).max(100),
  kdf: z.object({ name: z.literal('scrypt'), salt: B64, ...ScryptParams.shape }),
  iv: B64,
  tag: B64,
  wrapped: B64,
});
type PasswordSlot = z.infer<typeof PasswordSlot>;
const Keystore = z.object({
  version: z.literal(1),
  keychain: z.string().nullable(),
  passwords: z.array(PasswordSlot),
});
export type Keystore = z.infer<typeof Keystore>;

export class KeystoreError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`Cannot use the key file ${file}: ${reason}`);
    this.name = 'KeystoreError';
  }
}

export function keystorePath(dataDir: string): string {
  return join(dataDir, KEYSTORE_FILE);
}

export function readKeystore(dataDir: string): Keystore | null {
  const file = keystorePath(dataDir);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new KeystoreError(file, `it is not JSON (${(err as Error).message})`);
  }
  const parsed = Keystore.safeParse(json);
  if (!parsed.success) throw new KeystoreError(file, `it is not a Fairline key file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** Written through a temporary file and fsync'd: the key file is all there or not changed. */
export function writeKeystore(dataDir: string, store: Keystore): void {
  const file = keystorePath(dataDir);
  const part = `${file}.part`;
  writeFileSync(part, `${JSON.stringify(store, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  restrictFile(part);
  const fd = openSync(part, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
  renameSync(part, file);
}

export function newDeviceKey(): Buffer {
  return randomBytes(32);
}

export function emptyKeystore(): Keystore {
  return { version: 1, keychain: null, passwords: [] };
}

export function withKeychainSlot(store: Keystore, key: Buffer, wrapper: KeyWrapper): Keystore {
  return { ...store, keychain: wrapper.wrap(key) };
}

export function openKeychainSlot(store: Keystore, wrapper: KeyWrapper): Buffer | null {
  if (!store.keychain) return null;
  const key = wrapper.unwrap(store.keychain);
  if (key.length !== 32) throw new Error('the keychain gave back a key of the wrong length');
  return key;
}

export function slotUsernames(store: Keystore): string[] {
  return store.passwords.map((s) => s.username);
}

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Adds (or replaces) the agent's slot: the device key wrapped under their password. */
export async function withPasswordSlot(store: Keystore, key: Buffer, username: string, password: string, params = SCRYPT_PARAMS): Promise<Keystore> {
  const salt = randomBytes(16);
  const kek = await scrypt(password, salt, params);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`fairline device key for ${username}`));
  const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
  const slot: PasswordSlot = {
    username, kdf: { name: 'scrypt', salt: salt.toString('base64'), ...params },
    iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), wrapped: wrapped.toString('base64'),
  };
  return { ...store, passwords: [...store.passwords.filter((s) => s.username !== username), slot] };
}

/** The device key from the agent's slot, or null: no slot for them, or the wrong password. */
export async function openPasswordSlot(store: Keystore, username: string, password: string): Promise<Buffer | null> {
  const slot = store.passwords.find((s) => s.username === username);
  if (!slot) return null;
  const kek = await scrypt(password, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
  decipher.setAAD(Buffer.from(`fairline device key for ${username}`));
  decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(slot.wrapped, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/** A password verifier (scrypt), kept inside the encrypted database for unlocking the idle lock offline. */
export const PasswordVerifier = z.object({ salt: B64, hash: B64, ...ScryptParams.shape });
export type PasswordVerifier = z.infer<typeof PasswordVerifier>;

export async function makeVerifier(password: string, params = SCRYPT_PARAMS): Promise<PasswordVerifier> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, params);
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), ...params };
}

export async function checkVerifier(verifier: PasswordVerifier, password: string): Promise<boolean> {
  const hash = await scrypt(password, Buffer.from(verifier.salt, 'base64'), verifier);
  const expected = Buffer.from(verifier.hash, 'base64');
  return hash.length === expected.length && timingSafeEqual(hash, expected);
}
