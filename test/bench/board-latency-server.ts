// A second server instance for board-latency.bench.ts, in its own process (so two instances do
// not share an event loop): started on the bench's PostgreSQL database, it answers with its URL
// and closes when told.
import { type RunningServer, startServer } from '../../server/app';

export type ServerRequest = { type: 'start'; databaseUrl: string } | { type: 'stop' };
export type ServerReply = { type: 'ready'; url: string } | { type: 'stopped' };

let server: RunningServer | undefined;

process.on('message', (m: ServerRequest) => {
  const reply = (r: ServerReply) => process.send!(r);
  const fail = (err: unknown) => {
    process.stderr.write(`board-latency server: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  };
  if (m.type === 'start') {
    startServer({ databaseUrl: m.databaseUrl, logger: false }).then((s) => { server = s; reply({ type: 'ready', url: s.url }); }, fail);
  } else {
    (server?.close() ?? Promise.resolve()).then(() => { reply({ type: 'stopped' }); process.exit(0); }, fail);
  }
});
