// Revoke and wipe (docs/server.md "Devices"): a console proves its device with its secret, with
// no session (a revoked device has none left), to learn whether it must hand in and wipe itself:
//   POST /api/device/contact {deviceId, deviceSecret} -> DeviceContactResponse
//   POST /api/device/wiped   {deviceId, deviceSecret} -> {}   (it did: revoked outright)
import type { FastifyInstance } from 'fastify';
import { DeviceContactRequest, type DeviceContactResponse } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';

export function deviceRoutes(app: FastifyInstance, { auth }: { auth: Auth }): void {
  app.post('/api/device/contact', async (request): Promise<DeviceContactResponse> => {
    const body = parseRequest(DeviceContactRequest, request.body, 'device contact');
    return auth.deviceContact(body, request.ip);
  });
  app.post('/api/device/wiped', async (request): Promise<Record<string, never>> => {
    const body = parseRequest(DeviceContactRequest, request.body, 'device wiped');
    await auth.deviceWiped(body, request.ip);
    return {};
  });
}
