// Builds and starts the central server. Stateless apart from the store, so several
// instances can share one database behind a load balancer.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Auth, type SignInOptions } from './auth/sessions';
import { installErrorHandling } from './http/errors';
import { refuseHostileText } from './http/hostile';
import { securityHeaders, withSafeRequestLog } from './http/headers';
import { authRoutes } from './routes/auth';
import { blobRoutes } from './routes/blobs';
import { type PresenceBus, LocalBus, PostgresBus } from './presence/bus';
import { type PresenceConfig, presenceConfig } from './presence/config';
import { PresenceHub } from './presence/hub';
import { presenceRoutes } from './routes/presence';
import { DEFAULT_MONITOR_POLICY, GrantSigner, type MonitorPolicy } from './monitor/grants';
import { monitorRoutes } from './routes/monitor';
import { healthRoutes } from './routes/health';
import { reviewRoutes } from './routes/review';
import { dayRoutes } from './routes/day';
import { callReviewRoutes } from './routes/call-review';
import { blobDownloadRoutes } from './routes/blob-download';
import { securityRoutes } from './routes/security';
import { syncRoutes } from './routes/sync';
import { syncStateRoutes } from './routes/sync-state';
import { flagSkewedDevice } from './sync/clock-skew';
import { scheduleAbandonedUploads } from './jobs/abandoned-uploads';
import { scheduleAuditChain } from './jobs/audit-chain';
import { seedDemo } from './seed/demo';
import { installMessaging, type MessagingConfig } from './messaging';
import { installComplaints } from './complaints';
import { reportsRoutes } from './routes/reports';
import { installLadder } from './ladder';
import { openStore } from './store/open';
import type { ServerStore } from './store/store';

export interface ServerOptions {
  /** PostgreSQL (postgres://…): wins over `databaseFile` when set. The database must exist. */
  databaseUrl?: string;
  /** Embedded SQLite file, used when there is no `databaseUrl`. */
  databaseFile?: string;
  /** Where uploaded recordings and photos are kept; default `blobs/` beside the SQLite file, else ./.fairline/blobs (store/open.ts). */
  blobDir?: string;
  /** Default 127.0.0.1: the server is reachable from other machines only when asked. */
  host?: string;
  /** Default 0: any free port (read it from `url`). */
  port?: number;
  /** Session lifetime, default 12 h. */
  tokenTtlMs?: number;
  now?: () => Date;
  /** Fastify's pino logger: `false` for none, or pino options (default level `info`). */
  logger?: FastifyServerOptions['logger'];
  /** Fill an empty database with the demo portfolio. */
  seedDemo?: boolean;
  /** Live-board thresholds (server/presence/config.ts); defaults otherwise. */
  presence?: Partial<PresenceConfig>;
  /** Listen / whisper / barge policy (server/monitor/grants.ts); by default every mode, and agents are told. */
  monitor?: Partial<MonitorPolicy>;
  /** Sign-in throttling and hashing limits (server/auth/throttle.ts, sessions.ts); defaults otherwise. */
  signIn?: Partial<SignInOptions>;
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For / -Proto for the client's address (Fastify's
   * `trustProxy`: true, a hop count, or the proxy's addresses). Off by default: a client could
   * otherwise pick the address it is throttled by.
   */
  trustProxy?: boolean | number | string | string[];
  /** Partial uploads untouched this long are removed (server/jobs/abandoned-uploads.ts); default 14 days. */
  abandonedUploadAfterMs?: number;
  /** Serve HTTPS (and WSS for the presence socket) with this key and certificate chain (PEM). */
  tls?: { key: Buffer | string; cert: Buffer | string };
  /** SMPP, SMTP and the bounce/reply inbox (server/messaging, docs/messaging.md); each part off unless given. */
  messaging?: MessagingConfig;
  /** Run the stage ladder's job this often (server/jobs/ladder.ts LADDER_EVERY_MS; docs/ladder.md); off when absent. */
  ladderEveryMs?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  store: ServerStore;
  /** Every HTTP route the server answers (docs/server.md): what the hostile-input suite walks. */
  routes: readonly RouteInfo[];
}

/** One method and path the app serves, as registered (path parameters as `:name`). */
export interface RouteInfo { method: string; url: string }

const ROUTE_TABLES = new WeakMap<FastifyInstance, RouteInfo[]>();

/**
 * The routes of an app built by buildApp, recorded as each was registered (Fastify's onRoute
 * hook, so routes added inside plugins count too); complete once the app is ready.
 */
export function routesOf(app: FastifyInstance): readonly RouteInfo[] {
  const table = ROUTE_TABLES.get(app);
  if (!table) throw new Error('routesOf: not an app made by buildApp');
  return table;
}

export const DEFAULT_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;
/** Every body but a push's (which has its own, larger limit): sign-in and the like are small. */
export const BODY_LIMIT = 64 * 1024;

/**
 * The routes over an open store, not listening: startServer listens, tests may `inject`.
 * Closing the app does not close the store.
 */
export function buildApp(
  store: ServerStore,
  opts: Pick<ServerOptions, 'now' | 'tokenTtlMs' | 'logger' | 'presence' | 'monitor' | 'signIn' | 'trustProxy' | 'tls' | 'messaging' | 'ladderEveryMs'> & { presenceBus?: PresenceBus },
): FastifyInstance {
  const now = opts.now ?? (() => new Date());
  // HTTPS when given a key and certificate (server/tls.ts); the routes are the same either way,
  // so the instance is typed as the plain one they are written against.
  const options = {
    logger: withSafeRequestLog(opts.logger ?? { level: 'info' }), bodyLimit: BODY_LIMIT, trustProxy: opts.trustProxy ?? false,
    ...(opts.tls ? { https: opts.tls } : {}),
  };
  const app = Fastify(options as FastifyServerOptions) as unknown as FastifyInstance;
  // Before any route: every one registered from here on, in any plugin, is recorded.
  const table: RouteInfo[] = [];
  ROUTE_TABLES.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
  const auth = new Auth({
    store, now, tokenTtlMs: opts.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS, signIn: opts.signIn,
    onError: (err, what) => app.log.error({ err }, what),
  });
  installErrorHandling(app);
  securityHeaders(app);
  // Hostile text (NUL, lone surrogates, absurd lengths) is refused for every route before its
  // handler runs, so neither store ever sees it and both answer the same 400 (http/hostile.ts).
  app.addHook('preHandler', async (request) => {
    refuseHostileText(request.params, 'path');
    refuseHostileText(request.query, 'query');
    refuseHostileText(request.body, 'body');
  });
  healthRoutes(app);
  authRoutes(app, auth);
  // The live board (docs/presence.md); its bus is in-process unless startServer gave a PostgreSQL one.
  const presence = presenceConfig(opts.presence);
  const hub = new PresenceHub({ store, bus: opts.presenceBus ?? new LocalBus(), config: presence, log: app.log });
  app.addHook('preClose', () => hub.close());
  presenceRoutes(app, { auth, store, hub, now, maxMessageBytes: presence.maxMessageBytes });
  syncStateRoutes(app, { auth, store });
  syncRoutes(app, {
    auth, store, now,
    onPushed: (user, events, _at, violations) => {
      try {
        hub.eventsPushed(user, events, violations);
      } catch (err) {
        app.log.error({ err }, 'board alerts for a push failed');
      }
    },
    // A device clock the server could not believe is flagged for the lead as a security event;
    // failing to record it must not fail a push that is already stored.
    flagSkew: (user, deviceId, skew, flaggedAt, at) => flagSkewedDevice(store, { user, deviceId, skew, flaggedAt, at })
      .catch((err: unknown) => app.log.error({ err }, 'skewed device clock not recorded')),
  });
  reviewRoutes(app, { auth, store });
  dayRoutes(app, { auth, store, now });
  callReviewRoutes(app, { auth, store, now });
  const signer = new GrantSigner(store, { ...DEFAULT_MONITOR_POLICY, ...opts.monitor }, now);
  monitorRoutes(app, { auth, store, hub, signer, now });
  blobRoutes(app, { auth, store, now });
  blobDownloadRoutes(app, { auth, store });
  securityRoutes(app, { auth, store });
  const messaging = installMessaging(app, { auth, store, now, config: opts.messaging });
  installComplaints(app, { auth, store, now, raiseAlert: (alert, teamId) => hub.alert(alert, teamId) });
  reportsRoutes(app, { auth, store, now });
  installLadder(app, { auth, store, now, messaging: messaging.service, organisation: opts.messaging?.organisation, everyMs: opts.ladderEveryMs });
  return app;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const now = opts.now ?? (() => new Date());
  const logger: { app?: FastifyInstance } = {};
  const store = await openStore(opts, { onIdleError: (err) => logger.app?.log.error({ err }, 'idle PostgreSQL connection failed') });
  // Several instances share one PostgreSQL database: presence fans out over LISTEN/NOTIFY.
  let presenceBus: PresenceBus | undefined;
  try {
    if (opts.databaseUrl) presenceBus = await PostgresBus.connect(opts.databaseUrl, { onError: (err, what) => logger.app?.log.error({ err }, `presence bus: ${what}`) });
  } catch (err) {
    await store.close();
    throw err;
  }
  const app = buildApp(store, { ...opts, presenceBus });
  logger.app = app;
  try {
    if (opts.seedDemo) {
      const { users, accounts } = await store.counts();
      if (users === 0 && accounts === 0) app.log.info({ seeded: await seedDemo(store, { now: now() }) }, 'demo portfolio seeded');
    }
    const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
    const stopSweeping = scheduleAbandonedUploads(store, app.log, now, opts.abandonedUploadAfterMs);
    const stopChaining = opts.databaseUrl ? scheduleAuditChain(store, app.log) : async () => {};
    let closing: Promise<void> | undefined;
    return {
      url,
      store,
      routes: routesOf(app),
      close: () => (closing ??= (stopSweeping(), app.close().then(stopChaining).then(() => store.close()))),
    };
  } catch (err) {
    await app.close().catch(() => {});
    await store.close();
    throw err;
  }
}
