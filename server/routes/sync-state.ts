// GET /api/sync/state: the database's epoch and the device's cursor, which a console compares
// with what it was told before to notice a restore or failover and send again what was lost,
// and the organisation's console policy (sync/console-policy.ts).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { SyncStateQuery, type SyncStateResponse } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { ServerStore } from '../store/store';
import { consolePolicyFromEnv } from '../sync/console-policy';

export function syncStateRoutes(app: FastifyInstance, { auth, store }: { auth: Auth; store: ServerStore }): void {
  app.get('/api/sync/state', async (request): Promise<SyncStateResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const { deviceId } = parseRequest(SyncStateQuery, request.query, 'sync state query');
    if (deviceId !== session.deviceId) throw new ApiError('FORBIDDEN', `This session was opened on device ${session.deviceId}, not ${deviceId}`);
    return { ...await store.syncState(deviceId), consolePolicy: consolePolicyFromEnv() };
  });
}
