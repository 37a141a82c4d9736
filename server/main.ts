// Standalone server: `tsx server/main.ts`. Configured by environment:
//   DATABASE_URL        PostgreSQL (postgres://user:pass@host:5432/db); when unset, SQLite:
//   FAIRLINE_SERVER_DB  SQLite file (default ./.fairline/server.db)
//   FAIRLINE_BLOB_DIR   uploaded recordings and photos (default: blobs/ beside the SQLite file;
//                       on PostgreSQL ./.fairline/blobs, which every instance must share)
//   HOST, PORT          listen address (default 127.0.0.1, 8787)
//   LOG_LEVEL           pino level (default info)
//   FAIRLINE_MONITOR_NOTIFY_AGENT  "false": agents are not shown that a lead is listening
//                       (organisation policy; docs/monitor.md). Default: shown.
import { resolve } from 'node:path';
import { pino } from 'pino';
import { startServer } from './app';
import { blobDirFor, describeStore } from './store/open';

const DEFAULT_PORT = 8787;
const level = process.env.LOG_LEVEL ?? 'info';
const log = pino({ level, name: 'fairline-server' });

async function main(): Promise<void> {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    log.fatal(`PORT must be an integer 0-65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const databaseFile = databaseUrl ? undefined : resolve(process.env.FAIRLINE_SERVER_DB ?? './.fairline/server.db');
  const blobDir = process.env.FAIRLINE_BLOB_DIR || undefined;
  const database = describeStore({ databaseUrl, databaseFile });
  const server = await startServer({
    databaseUrl,
    databaseFile,
    blobDir,
    host: process.env.HOST || '127.0.0.1',
    port,
    seedDemo: true,
    logger: { level },
    monitor: { notifyAgent: process.env.FAIRLINE_MONITOR_NOTIFY_AGENT !== 'false' },
  });
  log.info({ url: server.url, database, blobs: blobDirFor({ databaseUrl, databaseFile, blobDir }) }, `Fairline server at ${server.url}`);

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
