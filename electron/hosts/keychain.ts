// The OS keychain in the Electron app: Electron's safeStorage (the macOS Keychain, Windows DPAPI,
// the Secret Service or KWallet on Linux) as the core's SecretBox (the SIP password) and as the
// KeyWrapper of the device key that encrypts the console's data (core/store/device-key.ts). Kept
// apart from main.ts, and free of any Electron import, so a test can drive it with a fake.
import type { KeyWrapper } from '../core/store/device-key';
import type { SecretBox } from '../core/settings';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * A SecretBox over safeStorage, or null when the OS offers no keychain. On Linux without a
 * keyring, safeStorage falls back to 'basic_text', a key written into Chromium itself: that
 * is no keychain, so the console says the password is stored as typed rather than pretend.
 * Call after the app's 'ready' event (safeStorage answers 'unavailable' before it).
 */
export function keychainBox(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretBox | null {
  if (!storage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    seal: (plain) => storage.encryptString(plain).toString('base64'),
    open: (sealed) => storage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

/**
 * The device key's wrapper over safeStorage, or null where the OS offers no real keychain (then
 * the agents' passwords protect the key, as in the browser shell). The key goes through
 * encryptString as base64 text, since safeStorage seals strings.
 */
export function keychainKeyWrapper(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyWrapper | null {
  const box = keychainBox(storage, platform);
  if (!box) return null;
  return {
    wrap: (key) => box.seal(key.toString('base64')),
    unwrap: (wrapped) => Buffer.from(box.open(wrapped), 'base64'),
  };
}
