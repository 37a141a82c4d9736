import type { FastifyInstance } from 'fastify';
import { LoginRequest, type LoginResponse } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';

export function authRoutes(app: FastifyInstance, auth: Auth): void {
  app.post('/api/auth/login', async (request): Promise<LoginResponse> =>
    auth.login(parseRequest(LoginRequest, request.body, 'login request')));

  app.post('/api/auth/logout', async (request) => {
    await auth.logout(request.headers.authorization);
    return { ok: true };
  });

  app.get('/api/me', async (request) => {
    const { user, expiresAt } = await auth.authenticate(request.headers.authorization);
    return { user, expiresAt };
  });
}
