// The presence socket's TLS trust. Node's fetch (sign-in, sync, uploads) trusts a private
// certificate authority through undici's dispatcher (sync/http.ts trustCertificateAuthority), but
// the socket is opened by `ws` over Node's own https, which never sees that dispatcher: without
// this, a console told FAIRLINE_CA_FILE would sync over https and yet fail every wss:// connect.
// Same rule as the HTTP client: the system's authorities plus the PEM file the variable names.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

let cached: { file: string; ca: string[] } | null = null;

/**
 * The `ca` option for a wss:// connection: undefined (Node's defaults) without FAIRLINE_CA_FILE.
 * The file is read once per name; a file that cannot be read or is not PEM throws, and the
 * socket is not opened rather than opened trusting less than the console was told to.
 */
export function presenceTrust(env: NodeJS.ProcessEnv = process.env): { ca?: string[] } {
  const file = env.FAIRLINE_CA_FILE;
  if (!file) return {};
  if (cached?.file !== file) {
    const pem = readFileSync(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${file} (FAIRLINE_CA_FILE) is not a PEM certificate`);
    cached = { file, ca: [...rootCertificates, pem] };
  }
  return { ca: cached.ca };
}
