// Session tokens are opaque random bytes; the database keeps only their SHA-256, which is
// enough because a 256-bit random token cannot be guessed (no salt or slow KDF needed).
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
