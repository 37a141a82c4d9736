// Messaging on the central server: the SMPP and SMTP connections (their credentials live here
// and nowhere else), the inbox for bounces and replies, the service and its routes. `install`
// wires it into an app; what is not configured stays off (sending on it is a typed error).
import type { FastifyInstance } from 'fastify';
import type { Auth } from '../auth/sessions';
import type { ServerStore } from '../store/store';
import type { Organisation } from './facts';
import { Inbox, type InboxConfig } from './inbox';
import { letterRoutes } from '../routes/letters';
import { messagingRoutes } from './routes';
import { MessagingService, type Senders } from './service';
import { SmppClient, type SmppConfig } from './smpp-client';
import { SmtpClient, type SmtpConfig } from './smtp-client';

export interface MessagingConfig {
  smpp?: SmppConfig;
  smtp?: SmtpConfig;
  /** Where bounces and replies to emails arrive (its domain is the SMTP config's returnDomain). */
  inbox?: InboxConfig;
  organisation?: Organisation;
}

export interface Messaging {
  service: MessagingService;
  inbox: Inbox | null;
}

export function installMessaging(app: FastifyInstance, deps: { auth: Auth; store: ServerStore; now: () => Date; config?: MessagingConfig }): Messaging {
  const config = deps.config ?? {};
  const senders: Senders = {};
  let smpp: SmppClient | null = null;
  const serviceRef: { current?: MessagingService } = {};
  const failed = (what: string) => (err: unknown) => app.log.error({ err }, what);
  if (config.smpp) {
    smpp = new SmppClient(config.smpp, {
      onReceipt: (r) => void serviceRef.current!.onSmsReceipt(r).catch(failed('delivery receipt not recorded')),
      onReply: (r) => void serviceRef.current!.onSmsReply(r).catch(failed('text reply not recorded')),
      onError: (err, what) => app.log.error({ err }, what),
    });
    senders.sms = smpp;
  }
  const smtp = config.smtp ? new SmtpClient(config.smtp) : null;
  if (smtp) senders.email = smtp;
  const service = new MessagingService(deps.store, senders, deps.now, config.organisation, app.log);
  serviceRef.current = service;
  const inbox = config.inbox ? new Inbox(config.inbox, (mail) => service.onInboxMail(mail), failed('inbox')) : null;
  if (inbox) app.addHook('onReady', () => inbox.start());
  app.addHook('onClose', async () => {
    await Promise.all([smpp?.close(), inbox?.close()]);
    smtp?.close();
  });
  messagingRoutes(app, { auth: deps.auth, store: deps.store, service, now: deps.now });
  letterRoutes(app, { auth: deps.auth, store: deps.store, now: deps.now, ...(config.organisation ? { organisation: config.organisation } : {}) });
  return { service, inbox };
}

/** The configuration from the environment (docs/messaging.md): each part only when its URL is set. */
export function messagingFromEnv(env: NodeJS.ProcessEnv): MessagingConfig {
  const config: MessagingConfig = {};
  if (env.FAIRLINE_SMPP_URL) {
    config.smpp = {
      url: env.FAIRLINE_SMPP_URL, systemId: env.FAIRLINE_SMPP_SYSTEM_ID ?? '', password: env.FAIRLINE_SMPP_PASSWORD ?? '',
      sourceAddr: env.FAIRLINE_SMPP_SOURCE ?? 'Fairline',
    };
  }
  if (env.FAIRLINE_SMTP_URL) {
    const url = new URL(env.FAIRLINE_SMTP_URL);
    config.smtp = {
      host: url.hostname, port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)), secure: url.protocol === 'smtps:',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      from: env.FAIRLINE_SMTP_FROM ?? 'Fairline <notices@localhost>', returnDomain: env.FAIRLINE_MAIL_DOMAIN ?? 'localhost',
    };
  }
  if (env.FAIRLINE_INBOX_PORT) {
    config.inbox = { host: env.FAIRLINE_INBOX_HOST ?? '127.0.0.1', port: Number(env.FAIRLINE_INBOX_PORT), domain: env.FAIRLINE_MAIL_DOMAIN ?? 'localhost' };
  }
  return config;
}
