// Complaints on the central server (docs/complaints.md): the service, its routes and the SLA job.
// `install` wires them into an app; the job stops when the app closes.
import type { FastifyInstance } from 'fastify';
import type { Alert } from '../../shared/presence/protocol';
import type { Auth } from '../auth/sessions';
import { complaintsRoutes } from '../routes/complaints';
import type { ServerStore } from '../store/store';
import { ComplaintsService } from './service';
import { SLA_SWEEP_MS, scheduleBreaches } from './sla-job';

export interface ComplaintsDeps {
  auth: Auth;
  store: ServerStore;
  now: () => Date;
  /** Raises an alert on the boards of a team (the presence hub's). */
  raiseAlert: (alert: Alert, teamId: string | null) => void;
  /** How often the SLA job looks (default a minute; 0: never, tests sweep by hand). */
  slaSweepMs?: number;
}

export function installComplaints(app: FastifyInstance, deps: ComplaintsDeps): ComplaintsService {
  const service = new ComplaintsService(deps.store, deps.now);
  complaintsRoutes(app, { auth: deps.auth, service });
  const every = deps.slaSweepMs ?? (Number(process.env.FAIRLINE_COMPLAINT_SWEEP_MS) || SLA_SWEEP_MS);
  if (every > 0) {
    app.addHook('onReady', async () => {
      const stop = scheduleBreaches(deps.store, deps.now, deps.raiseAlert, (err) => app.log.error({ err }, 'complaint SLA sweep failed'), every);
      app.addHook('preClose', async () => stop());
    });
  }
  return service;
}
