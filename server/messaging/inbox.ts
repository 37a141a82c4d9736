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

/** The plain body of a mail, without headers, quoted lines or the quoted original below "On … wrote:". */
export function replyText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^On .*wrote:\s*$/.test(line) || /^-+ ?Original Message ?-+/i.test(line) || /^在.*写道[:：]\s*$/.test(line)) break;
    if (line.startsWith('>') || /^content-|^--/i.test(line)) continue;
    lines.push(line);
  }
  return lines.join('\n').trim();
}

function readMail(kind: 'bounce' | 'reply', messageId: string, from: string, raw: string): InboxMail {
  if (kind === 'reply') return { kind, messageId, from, text: replyText(raw) };
  // A DSN (RFC 3464) carries Status: 5.x.x for a permanent failure, 4.x.x for a delay.
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(raw)?.[1] ?? null;
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? null;
  return { kind, messageId, permanent: status === null || status.startsWith('5'), status, diagnostic };
}
