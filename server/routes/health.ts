import type { FastifyInstance } from 'fastify';
import { SERVER_VERSION } from '../version';

export function healthRoutes(app: FastifyInstance): void {
  app.get('/api/health', async () => ({ ok: true, version: SERVER_VERSION }));
}
