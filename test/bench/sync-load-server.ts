// One central server instance for sync-load.bench.ts's several-instance run: its own process
// (its own event loop and CPU, as instances behind a load balancer have), on the database the
// bench names, on a free loopback port. Tells the bench its URL, then serves until told to stop.
import { startServer } from '../../server/app';

export type ToServer = { type: 'stop' };
export type FromServer = { type: 'listening'; url: string } | { type: 'stopped' };

const databaseUrl = process.env.FAIRLINE_BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('FAIRLINE_BENCH_DATABASE_URL is not set');

const server = await startServer({ databaseUrl, host: '127.0.0.1', port: 0, logger: false });
process.send!({ type: 'listening', url: server.url } satisfies FromServer);
process.on('message', (m: ToServer) => {
  if (m.type !== 'stop') return;
  void server.close().then(() => {
    process.send!({ type: 'stopped' } satisfies FromServer);
    process.exit(0);
  });
});
