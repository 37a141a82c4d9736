// The server for health.bench.ts, in its own process as in production (the bench's client must
// not share its event loop): a SQLite file with the demo users, default sign-in protection.
import { type RunningServer, startServer } from '../../server/app';

export type HealthServerRequest = { type: 'start'; databaseFile: string } | { type: 'stop' };
export type HealthServerReply = { type: 'ready'; url: string } | { type: 'stopped' };

let server: RunningServer | undefined;

process.on('message', (m: HealthServerRequest) => {
  const reply = (r: HealthServerReply) => process.send!(r);
  const fail = (err: unknown) => {
    process.stderr.write(`health server: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  };
  if (m.type === 'start') {
    startServer({ databaseFile: m.databaseFile, logger: false, seedDemo: true }).then((s) => { server = s; reply({ type: 'ready', url: s.url }); }, fail);
  } else {
    (server?.close() ?? Promise.resolve()).then(() => { reply({ type: 'stopped' }); process.exit(0); }, fail);
  }
});
