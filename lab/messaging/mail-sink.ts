// An SMTP relay on loopback that keeps what it is given (smtp-server), refuses recipients it is
// told to (550, a bounce at once), and plays the remote side afterwards: a delivery status
// notification to a message's return path, or a reply to its Reply-To (sent with nodemailer).
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  mailFrom: string;
  to: string[];
  raw: string;
}

export class MailSink {
  readonly mails: SunkMail[] = [];
  /** Recipients refused with 550 at RCPT TO. */
  readonly refuse = new Set<string>();
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.refuse.has(address.address.toLowerCase())) return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.mails.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
    return this.port;
  }

  /** The header value of a sunk mail. */
  static header(mail: SunkMail, name: string): string | null {
    const head = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? null;
  }

  /** Sends a DSN (RFC 3464) for a sunk mail to its return path, at the inbox on `inboxPort`. */
  async bounceLater(mail: SunkMail, inboxPort: number, status = '5.1.1'): Promise<void> {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboxPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({
        envelope: { from: '', to: mail.mailFrom }, from: 'MAILER-DAEMON@example.test', to: mail.mailFrom, subject: 'Delivery Status Notification (Failure)',
        text: `Reporting-MTA: dns; mx.example.test\n\nFinal-Recipient: rfc822; ${mail.to[0]}\nAction: failed\nStatus: ${status}\nDiagnostic-Code: smtp; 550 ${status} mailbox unavailable\n`,
      });
    } finally {
      transport.close();
    }
  }

  /** The person answers a sunk mail: to its Reply-To, at the inbox on `inboxPort`. */
  async reply(mail: SunkMail, inboxPort: number, text: string): Promise<void> {
    const replyTo = MailSink.header(mail, 'Reply-To')!;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboxPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ from: mail.to[0], to: replyTo, subject: 'Re: your message', text: `${text}\n\nOn Mon, someone wrote:\n> To stop emails from us, reply STOP to this email.\n` });
    } finally {
      transport.close();
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
