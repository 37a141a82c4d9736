// The server's own SMTP inbox (smtp-server) for what comes back about emails: delivery status
// notifications to bounce+<message id>@ and replies to reply+<message id>@ the return domain.
// Point the domain's MX (or the relay's bounce forwarding) at it. It takes mail for those two
// kinds of address only, refuses every other recipient, and keeps at most 256 KiB of a message.
import { SMTPServer } from 'smtp-server';

export interface InboxConfig {
  host: string;
  port: number;
  domain: string;
}

export type InboxMail =
  | { kind: 'bounce'; messageId: string; permanent: boolean; status: string | null; diagnostic: string | null }
  | { kind: 'reply'; messageId: string; from: string; text: string };

const MAX_BYTES = 256 * 1024;
const RECIPIENT = /^(bounce|reply)\+([0-9a-f-]{36})@(.+)$/i;

export class Inbox {
  private server: SMTPServer | null = null;
  /** Where it listens (port 0 picks one). */
  address: { host: string; port: number } | null = null;

  constructor(private readonly config: InboxConfig, private readonly onMail: (mail: InboxMail) => Promise<void>, private readonly onError: (err: unknown) => void) {}

  async start(): Promise<void> {
    const { domain } = this.config;
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], size: MAX_BYTES, banner: 'Fairline inbox', logger: false,
      onRcptTo: (address, _session, callback) => {
        const m = RECIPIENT.exec(address.address);
        if (!m || m[3]!.toLowerCase() !== domain.toLowerCase()) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BYTES) chunks.push(c);
        });
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const mails = session.envelope.rcptTo.flatMap((r) => {
            const m = RECIPIENT.exec(r.address);
            return m ? [readMail(m[1]!.toLowerCase() as 'bounce' | 'reply', m[2]!.toLowerCase(), from, raw)] : [];
          });
          Promise.all(mails.map((mail) => this.onMail(mail))).then(() => callback(), (err: unknown) => {
            this.onError(err);
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          });
        });
      },
    });
    server.on('error', (err) => this.onError(err));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => resolve());
    });
    this.server = server;
    const addr = (server as unknown as { server: { address(): { port: number } } }).server.address();
    this.address = { host: this.config.host, port: addr.port };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Splits a MIME entity into its headers (lower-cased names, unfolded) and its body. */
function entity(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decode(body: string, encoding: string | undefined, charset: string): string {
  let bytes: Buffer;
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const out: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft[i] === '=' ? /^[0-9A-Fa-f]{2}$/.exec(soft.slice(i + 1, i + 3)) : null;
      if (hex) {
        out.push(parseInt(hex[0], 16));
        i += 2;
      } else out.push(...Buffer.from(soft[i]!, 'utf8'));
    }
    bytes = Buffer.from(out);
  } else bytes = Buffer.from(body, 'utf8');
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** The text of a mail: its text/plain part (the first, in a multipart), decoded. */
export function plainText(raw: string, depth = 0): string {
  const { headers, body } = entity(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary && depth < 5) {
    const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
    const texts = parts.map((p) => p.replace(/^\r?\n/, '')).map((p) => ({ p, type: entity(p).headers.get('content-type') ?? 'text/plain' }));
    const chosen = texts.find((t) => /^text\/plain/i.test(t.type)) ?? texts.find((t) => /^multipart\//i.test(t.type));
    return chosen ? plainText(chosen.p, depth + 1) : '';
  }
  const charset = /charset="?([^";]+)"?/i.exec(type)?.[1] ?? 'utf-8';
  return decode(body, headers.get('content-transfer-encoding'), charset);
}

/** What the person wrote: the text without quoted lines or the quoted original below "On … wrote:". */
export function replyText(raw: string): string {
  const lines: string[] = [];
  for (const line of plainText(raw).split(/\r?\n/)) {
    if (/^On .*wrote:\s*$/.test(line) || /^-+ ?Original Message ?-+/i.test(line) || /^在.*写道[:：]\s*$/.test(line)) break;
    if (line.startsWith('>')) continue;
    lines.push(line);
  }
  return lines.join('\n').trim();
}

function readMail(kind: 'bounce' | 'reply', messageId: string, from: string, raw: string): InboxMail {
  if (kind === 'reply') return { kind, messageId, from, text: replyText(raw) };
  // A DSN (RFC 3464) carries Status: 5.x.x for a permanent failure, 4.x.x for a delay.
  const text = `${raw}\n${plainText(raw)}`;
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? null;
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
  return { kind, messageId, permanent: status === null || status.startsWith('5'), status, diagnostic };
}
