// Emails go to a relay over SMTP (nodemailer). Each carries its own return path and reply address
// (VERP: bounce+<message id>@, reply+<message id>@ the inbox's domain), so a bounce or a reply
// that comes back names the message it is about (inbox.ts). A relay that refuses the recipient
// with a 5xx has bounced it there and then; a 4xx or a connection failure fails the message.
import nodemailer, { type Transporter } from 'nodemailer';

export interface SmtpConfig {
  host: string;
  port: number;
  /** Implicit TLS (465); otherwise STARTTLS when the relay offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** The From header, e.g. "Fairline Recovery Services <notices@example.com>". */
  from: string;
  /** The domain of the bounce and reply addresses (the inbox's). */
  returnDomain: string;
  timeoutMs?: number;
}

export type EmailOutcome =
  | { kind: 'submitted'; providerId: string; response: string }
  | { kind: 'bounced'; code: number; response: string }
  | { kind: 'failed'; response: string };

export class SmtpClient {
  private readonly transport: Transporter;

  constructor(private readonly config: SmtpConfig) {
    const timeout = config.timeoutMs ?? 15_000;
    this.transport = nodemailer.createTransport({
      host: config.host, port: config.port, secure: config.secure ?? false, ...(config.auth ? { auth: config.auth } : {}),
      connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout,
    });
  }

  async send(messageId: string, to: string, subject: string, text: string): Promise<EmailOutcome> {
    const domain = this.config.returnDomain;
    try {
      const info = await this.transport.sendMail({
        from: this.config.from, to, subject, text,
        replyTo: `reply+${messageId}@${domain}`,
        envelope: { from: `bounce+${messageId}@${domain}`, to },
        messageId: `<${messageId}@${domain}>`,
        headers: { 'X-Fairline-Message': messageId },
      });
      const response = String(info.response ?? '');
      if ((info.rejected ?? []).length > 0) return { kind: 'bounced', code: 550, response };
      return { kind: 'submitted', providerId: String(info.messageId ?? messageId), response };
    } catch (err) {
      const e = err as { responseCode?: number; response?: string; message?: string };
      const response = e.response ?? e.message ?? String(err);
      if (typeof e.responseCode === 'number' && e.responseCode >= 500) return { kind: 'bounced', code: e.responseCode, response };
      return { kind: 'failed', response };
    }
  }

  close(): void {
    this.transport.close();
  }
}
