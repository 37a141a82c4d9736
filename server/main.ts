// Standalone server: `tsx server/main.ts [--demo]`. Configured by environment:
//   DATABASE_URL        PostgreSQL (postgres://user:pass@host:5432/db); when unset, SQLite:
//   FAIRLINE_SERVER_DB  SQLite file (default ./.fairline/server.db)
//   FAIRLINE_BLOB_DIR   uploaded recordings and photos (default: blobs/ beside the SQLite file;
//                       on PostgreSQL ./.fairline/blobs, which every instance must share)
//   HOST, PORT          listen address (default 127.0.0.1, 8787)
//   LOG_LEVEL           pino level (default info)
//   FAIRLINE_TLS_CERT, FAIRLINE_TLS_KEY  PEM files: serve HTTPS and WSS (server/tls.ts)
//   FAIRLINE_TRUST_PROXY  behind a reverse proxy: "true", a hop count or the proxy's addresses,
//                       so sign-in throttling sees the client's address (server/tls.ts)
//   FAIRLINE_MONITOR_NOTIFY_AGENT  "false": agents are not shown that a lead is listening
//                       (organisation policy; docs/monitor.md). Default: shown.
//   FAIRLINE_MONITOR_SIP_DOMAINS  comma-separated SIP domains an agent's console may report
//                       registering in (docs/monitor.md). Default: any.
//   FAIRLINE_RETENTION  "off": no daily purge of what is past its pack's retention (docs/security.md
//                       "Retention"; run it with the admin CLI instead). The audit chain's head is
//                       logged every hour either way.
//
// An empty database stays empty: no demo users or accounts unless `--demo` is given (then only
// into an empty database). The first administrator is created with the admin CLI
// (`npm run admin -- bootstrap-admin`, docs/server.md "First start").
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startServer } from './app';
import { blobDirFor, describeStore } from './store/open';
import { loadTls, trustProxyFrom } from './tls';
import { messagingFromEnv } from './messaging';
import { scheduleRetention } from './jobs/retention';
import { LADDER_EVERY_MS } from './jobs/ladder';

const DEFAULT_PORT = 8787;
const level = process.env.LOG_LEVEL ?? 'info';
const log = pino({ level, name: 'fairline-server' });

async function main(): Promise<void> {
  let demo = false;
  try {
    demo = parseArgs({ options: { demo: { type: 'boolean', default: false } }, strict: true }).values.demo === true;
  } catch (err) {
    log.fatal(`${(err as Error).message}. Usage: tsx server/main.ts [--demo]`);
    process.exit(2);
  }
  const port = process.env.PORT === undefined || process.env.PORT === '' ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    log.fatal(`PORT must be an integer 0-65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const databaseFile = databaseUrl ? undefined : resolve(process.env.FAIRLINE_SERVER_DB ?? './.fairline/server.db');
  const blobDir = process.env.FAIRLINE_BLOB_DIR || undefined;
  const database = describeStore({ databaseUrl, databaseFile });
  let tls: ReturnType<typeof loadTls>;
  try {
    tls = loadTls({ certFile: process.env.FAIRLINE_TLS_CERT, keyFile: process.env.FAIRLINE_TLS_KEY });
  } catch (err) {
    log.fatal((err as Error).message);
    process.exit(2);
  }
  const server = await startServer({
    databaseUrl,
    databaseFile,
    blobDir,
    host: process.env.HOST || '127.0.0.1',
    port,
    seedDemo: demo,
    logger: { level },
    tls,
    messaging: messagingFromEnv(process.env),
    ladderEveryMs: LADDER_EVERY_MS,
    trustProxy: trustProxyFrom(process.env.FAIRLINE_TRUST_PROXY),
    monitor: {
      notifyAgent: process.env.FAIRLINE_MONITOR_NOTIFY_AGENT !== 'false',
      sipDomains: (process.env.FAIRLINE_MONITOR_SIP_DOMAINS ?? '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean),
    },
  });
  log.info({ url: server.url, database, blobs: blobDirFor({ databaseUrl, databaseFile, blobDir }), tls: Boolean(tls), demo }, `Fairline server at ${server.url}`);
  if (demo) log.warn('DEMO MODE (--demo): an empty database was given the demo portfolio and demo users whose password is public. Never use it for real debtors.');
  scheduleRetention(server.store, log, () => new Date(), { purge: process.env.FAIRLINE_RETENTION !== 'off' });
  const { users } = await server.store.counts();
  if (users === 0) {
    log.warn('No users yet. Create the first administrator: npm run admin -- bootstrap-admin --username <name> --name "<display name>" (docs/server.md "First start")');
  }
  if (!tls && !['127.0.0.1', 'localhost', '::1'].includes(process.env.HOST || '127.0.0.1')) {
    log.warn('Listening beyond loopback without TLS: put a TLS-terminating reverse proxy in front, or set FAIRLINE_TLS_CERT and FAIRLINE_TLS_KEY');
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(() => process.exit(0), (err: unknown) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'Fairline server failed to start');
  process.exit(1);
});
