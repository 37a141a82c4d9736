import type { FastifyInstance } from 'fastify';
import { LoginRequest, type HttpError, type LoginResponse } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { SignInThrottled } from '../auth/throttle';
import { parseRequest } from '../http/errors';

export function authRoutes(app: FastifyInstance, auth: Auth): void {
  app.post('/api/auth/login', async (request, reply): Promise<LoginResponse | HttpError> => {
    const body = parseRequest(LoginRequest, request.body, 'login request');
    try {
      return await auth.login(body, request.ip);
    } catch (err) {
      if (!(err instanceof SignInThrottled)) throw err;
      // 429 with Retry-After (RFC 6585); the code stays one the console knows: not signed in.
      void reply.status(429).header('retry-after', String(err.retryAfterSeconds));
      return { error: { code: 'UNAUTHORIZED', message: err.message } };
    }
  });

  app.post('/api/auth/logout', async (request) => {
    await auth.logout(request.headers.authorization);
    return { ok: true };
  });

  app.get('/api/me', async (request) => {
    const { user, expiresAt } = await auth.authenticate(request.headers.authorization);
    return { user, expiresAt };
  });
}
