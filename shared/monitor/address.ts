// The agent's SIP address of record (AOR): where a lead's monitor call goes (docs/monitor.md
// "Where the lead's call goes"). An AOR names a user at a domain, `sip:agent7@pbx.example.com`:
// no display name, no URI parameters or headers (`;transport=ws`, `?subject=`), which belong to
// a contact or a request, not to the address a registrar files registrations under. Read in its
// canonical form (scheme and host lower-cased, RFC 3261 19.1.4: the user part stays as given) so
// that one address is one string wherever it is compared.
import { z } from 'zod';

// user: RFC 3261's unreserved, escaped and user-unreserved characters (no '@', ';', '?', spaces).
// host: a domain name, an IPv4 address or a bracketed IPv6 reference; port optional.
const AOR = /^(sips?):([A-Za-z0-9\-_.!~*'()&=+$,%]+)@([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/i;

/** The longest AOR accepted (a registrar's own limit is usually far below). */
export const MAX_AOR_LENGTH = 255;

export const SipAddressOfRecord = z.string().max(MAX_AOR_LENGTH).transform((text, ctx) => {
  const m = AOR.exec(text.trim());
  const port = m?.[4] === undefined ? undefined : Number(m[4]);
  if (!m || (port !== undefined && (port < 1 || port > 65_535)) || m[3]!.startsWith('.') || m[3]!.endsWith('.') || m[3]!.includes('..')) {
    ctx.addIssue({ code: 'custom', message: 'a SIP address of record such as sip:agent7@pbx.example.com (no display name, parameters or headers)' });
    return z.NEVER;
  }
  return `${m[1]!.toLowerCase()}:${m[2]}@${m[3]!.toLowerCase()}${port === undefined ? '' : `:${port}`}`;
});

/**
 * The address of record a SIP URI registers (what a registrar files it under): the URI without a
 * display name, angle brackets, parameters or headers; undefined when it is no SIP URI at all.
 */
export function addressOfRecord(uri: string): string | undefined {
  const inner = /<([^>]*)>/.exec(uri)?.[1] ?? uri;
  const bare = inner.trim().split(/[;?]/, 1)[0]!;
  const parsed = SipAddressOfRecord.safeParse(bare);
  return parsed.success ? parsed.data : undefined;
}

/** The host part of a canonical AOR (`pbx.example.com`, `[::1]`), without the port. */
export function aorHost(aor: string): string {
  const host = aor.slice(aor.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}
