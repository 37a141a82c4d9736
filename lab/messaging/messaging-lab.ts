// The messaging half of `npm run lab`: a simulated SMSC (SMPP) and an SMTP sink on loopback, and
// the environment that points a central server (or `npm start`'s embedded one) at them. A free
// port is chosen for the server's bounce/reply inbox too, so the lab can answer mails there.
import { randomBytes } from 'node:crypto';
import { freePort } from '../ports';
import { MailSink } from './mail-sink';
import { Smsc } from './smsc';

export interface MessagingLab {
  smsc: Smsc;
  sink: MailSink;
  /** The central server's inbox port (FAIRLINE_INBOX_PORT): where the lab sends bounces and replies. */
  inboxPort: number;
  /** The server's messaging settings (docs/messaging.md), to put before `npm start` or `npm run server`. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startMessagingLab(): Promise<MessagingLab> {
  const password = randomBytes(6).toString('hex');
  const smsc = new Smsc({ systemId: 'fairline', password, receiptDelayMs: 500 });
  const sink = new MailSink();
  const smppUrl = await smsc.start();
  const smtpPort = await sink.start();
  const inboxPort = await freePort();
  return {
    smsc, sink, inboxPort,
    env: {
      FAIRLINE_SMPP_URL: smppUrl, FAIRLINE_SMPP_SYSTEM_ID: 'fairline', FAIRLINE_SMPP_PASSWORD: password,
      FAIRLINE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, FAIRLINE_INBOX_PORT: String(inboxPort), FAIRLINE_MAIL_DOMAIN: 'lab.fairline.test',
    },
    async stop() {
      await Promise.allSettled([smsc.stop(), sink.stop()]);
    },
  };
}
