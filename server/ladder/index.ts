// The stage ladder on the central server (docs/ladder.md): the service, its routes and the job.
// `install` wires them into an app; the job starts when the app is ready and stops when it closes.
import type { FastifyInstance } from 'fastify';
import type { Auth } from '../auth/sessions';
import { scheduleLadder } from '../jobs/ladder';
import type { Organisation } from '../messaging/facts';
import type { MessagingService } from '../messaging/service';
import { ladderRoutes } from '../routes/ladder';
import type { ServerStore } from '../store/store';
import { LadderService } from './service';

export interface LadderDeps {
  auth: Auth;
  store: ServerStore;
  now: () => Date;
  messaging: MessagingService;
  organisation?: Organisation;
  /** How often the job looks (server/jobs/ladder.ts LADDER_EVERY_MS in production); 0 or absent: never (tests run it by hand). */
  everyMs?: number;
}

export function installLadder(app: FastifyInstance, deps: LadderDeps): LadderService {
  const service = new LadderService(deps.store, deps.messaging, deps.now, deps.organisation);
  ladderRoutes(app, { auth: deps.auth, store: deps.store, service, now: deps.now });
  const every = deps.everyMs ?? 0;
  if (every > 0) {
    app.addHook('onReady', async () => {
      const stop = scheduleLadder(service, app.log, every);
      app.addHook('preClose', async () => stop());
    });
  }
  return service;
}
