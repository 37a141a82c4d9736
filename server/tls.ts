// HTTPS for the standalone server: FAIRLINE_TLS_CERT (the certificate chain, PEM) and
// FAIRLINE_TLS_KEY (its private key, PEM) name files; both or neither. With them the server
// speaks HTTPS and the presence socket WSS on the same port (docs/server.md "TLS").
import { readFileSync } from 'node:fs';

export interface TlsFiles { certFile?: string | undefined; keyFile?: string | undefined }

/** The key and certificate to serve, or undefined for plain HTTP; throws naming what is wrong. */
export function loadTls({ certFile, keyFile }: TlsFiles): { cert: Buffer; key: Buffer } | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('Set both FAIRLINE_TLS_CERT and FAIRLINE_TLS_KEY (PEM files), or neither');
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`Cannot read the TLS ${what} ${file}: ${(err as Error).message}`);
    }
  };
  const cert = read(certFile, 'certificate');
  const key = read(keyFile, 'key');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${certFile} is not a PEM certificate`);
  if (!/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(key.toString())) throw new Error(`${keyFile} is not a PEM private key`);
  return { cert, key };
}

/** FAIRLINE_TRUST_PROXY: unset/false → off; true → trust X-Forwarded-*; a number → that many hops; else addresses/CIDRs, comma-separated. */
export function trustProxyFrom(value: string | undefined): boolean | number | string[] {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
