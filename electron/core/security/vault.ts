// The device key's lifecycle for one data directory (device-key.ts says what protects it):
// made at the first start (keychain) or the first sign-in (password), read back at each start
// or unlock, extended with a slot for each agent who signs in, and destroyed by a wipe. Data
// from before encryption at rest is encrypted in place the first time the key is at hand.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileSealer } from '../files/sealed-file';
import {
  type Keystore, type KeyWrapper, emptyKeystore, keystorePath, newDeviceKey, openKeychainSlot, openPasswordSlot, readKeystore,
  SCRYPT_PARAMS, slotUsernames, withKeychainSlot, withPasswordSlot, writeKeystore,
} from '../store/device-key';
import { encryptExistingDatabase, sealExistingFiles } from '../store/encrypt-existing';

/** What protects the device key here: the OS keychain, or each agent's password. */
export type Protection = 'keychain' | 'password';

/** The directories of files sealed with the device key (beside the database). */
export const SEALED_DIRS = ['recordings', 'photos', 'staging', 'review-cache'] as const;

export interface VaultOptions {
  dataDir: string;
  /** The OS keychain (Electron's safeStorage), or null where there is none (the browser shell). */
  keychain: KeyWrapper | null;
  /** scrypt's cost for password slots (tests may lower it; the default is OWASP's). */
  kdf?: { N: number; r: number; p: number };
}

export class Vault {
  private key: Buffer | null = null;
  private fileSealer: FileSealer | null = null;
  private closed = false;

  constructor(private readonly opts: VaultOptions) {}

  get protection(): Protection {
    if (!this.opts.keychain) return 'password';
    const store = readKeystore(this.opts.dataDir);
    return !store || store.keychain ? 'keychain' : 'password';
  }

  get isOpen(): boolean {
    return this.key !== null;
  }

  /** The agents whose password opens this console's data (password protection). */
  slotUsers(): string[] {
    return slotUsernames(readKeystore(this.opts.dataDir) ?? emptyKeystore());
  }

  /** Whether there is a key file at all: none on a fresh console or one from before encryption. */
  hasKeystore(): boolean {
    return existsSync(keystorePath(this.opts.dataDir));
  }

  sealer(): FileSealer {
    if (!this.fileSealer) throw new Error('The console\'s data is locked: its key is not open');
    return this.fileSealer;
  }

  deviceKey(): Buffer {
    if (!this.key) throw new Error('The console\'s data is locked: its key is not open');
    return this.key;
  }

  /**
   * At start with a keychain: the key, made and wrapped on the first start. Null with password
   * protection: the data stays closed until an agent's password opens it (unlock).
   */
  openWithKeychain(): Buffer | null {
    const keychain = this.opts.keychain;
    if (!keychain || this.protection !== 'keychain') return null;
    const store = readKeystore(this.opts.dataDir);
    const key = store ? openKeychainSlot(store, keychain) : null;
    if (key) return this.use(key);
    const made = newDeviceKey();
    writeKeystore(this.opts.dataDir, withKeychainSlot(emptyKeystore(), made, keychain));
    return this.use(made);
  }

  /** The key from the agent's password slot; null when they have none or the password is wrong. */
  async openWithPassword(username: string, password: string): Promise<Buffer | null> {
    const store = readKeystore(this.opts.dataDir);
    if (!store) return null;
    const key = await openPasswordSlot(store, username, password);
    if (!key) return null;
    this.use(key);
    // A data directory moved from the browser shell to the desktop app gets the keychain too.
    if (this.opts.keychain && !store.keychain) writeKeystore(this.opts.dataDir, withKeychainSlot(store, key, this.opts.keychain));
    return key;
  }

  /** Whether the password opens the agent's slot (the idle lock's offline check, password protection). */
  async checkPassword(username: string, password: string): Promise<boolean> {
    const store = readKeystore(this.opts.dataDir);
    return Boolean(store && await openPasswordSlot(store, username, password));
  }

  /** A new key for a console with no key file yet (its first sign-in), slot included when password-protected. */
  async create(username: string, password: string): Promise<Buffer> {
    const key = newDeviceKey();
    let store: Keystore = emptyKeystore();
    if (this.opts.keychain) store = withKeychainSlot(store, key, this.opts.keychain);
    else store = await withPasswordSlot(store, key, username, password, this.opts.kdf ?? SCRYPT_PARAMS);
    writeKeystore(this.opts.dataDir, store);
    return this.use(key);
  }

  /** Adds or renews the agent's slot with the password the server just accepted (password protection). */
  async rememberPassword(username: string, password: string): Promise<void> {
    if (!this.key || this.opts.keychain && this.protection === 'keychain') return;
    const key = this.key;
    const next = await withPasswordSlot(readKeystore(this.opts.dataDir) ?? emptyKeystore(), key, username, password, this.opts.kdf ?? SCRYPT_PARAMS);
    if (this.closed || this.key !== key) return; // wiped or closed meanwhile
    writeKeystore(this.opts.dataDir, { ...next, passwords: mergeSlots(readKeystore(this.opts.dataDir), next, username) });
  }

  /** Encrypts data from before encryption at rest (database and files), with the open key. */
  encryptExisting(databaseFile: string, onStep?: Parameters<typeof encryptExistingDatabase>[2]): { database: boolean; files: number } {
    const key = this.deviceKey();
    const database = encryptExistingDatabase(databaseFile, key, onStep);
    const files = sealExistingFiles(SEALED_DIRS.map((d) => join(this.opts.dataDir, d)), this.sealer());
    return { database, files };
  }

  /** Forgets the key and removes its file: whatever it encrypted can never be read again. */
  destroy(): void {
    this.key?.fill(0);
    this.key = null;
    this.fileSealer = null;
    rmSync(keystorePath(this.opts.dataDir), { force: true });
    rmSync(`${keystorePath(this.opts.dataDir)}.part`, { force: true });
  }

  close(): void {
    this.closed = true;
  }

  private use(key: Buffer): Buffer {
    this.key = key;
    this.fileSealer = new FileSealer(key);
    return key;
  }
}

/** The slots now on disk with `username`'s replaced by the new one (another agent's slot written meanwhile is kept). */
function mergeSlots(onDisk: Keystore | null, next: Keystore, username: string): Keystore['passwords'] {
  const mine = next.passwords.find((s) => s.username === username)!;
  return [...(onDisk?.passwords ?? []).filter((s) => s.username !== username), mine];
}
