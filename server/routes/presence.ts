// The live board: `GET /api/presence` upgraded to a WebSocket (authenticated before the upgrade,
// by the Authorization header only: the console's core opens it, and a token in the URL would
// be written to access logs), `GET /api/board/figures`, and the transfer directory built on the
// same presence (`GET /api/directory`). See docs/presence.md and shared/presence/protocol.ts.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { ApiError } from '../../shared/api/errors';
import { BoardFiguresQuery, type BoardFiguresResponse } from '../../shared/presence/protocol';
import type { HttpError } from '../../shared/sync/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import type { DirectoryResponse } from '../../shared/api/directory';
import { colleagueDirectory } from '../presence/directory';
import { boardFigures } from '../presence/figures';
import type { PresenceHub } from '../presence/hub';
import type { ServerStore } from '../store/store';

export const PRESENCE_PATH = '/api/presence';

export interface PresenceDeps { auth: Auth; store: ServerStore; hub: PresenceHub; now: () => Date; maxMessageBytes: number }

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error' };

/** Refuses an upgrade with a plain HTTP answer (the same error body as every other route). */
function refuse(socket: Duplex, status: number, body: HttpError): void {
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

export function presenceRoutes(app: FastifyInstance, { auth, store, hub, now, maxMessageBytes }: PresenceDeps): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== PRESENCE_PATH) {
      // Someone else may serve other paths; alone, answer for them.
      if (app.server.listenerCount('upgrade') === 1) refuse(socket, 404, { error: { code: 'NOT_FOUND', message: `No WebSocket at ${url.pathname}` } });
      return;
    }
    socket.on('error', () => socket.destroy());
    // A token in a URL ends up in proxies' and servers' access logs: refused, never read.
    if (url.searchParams.has('token')) {
      refuse(socket, 400, { error: { code: 'VALIDATION', message: 'Send the token in the Authorization header, never in the URL' } });
      return;
    }
    auth.authenticate(req.headers.authorization).then((session) => {
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, session.user));
    }, (err: unknown) => {
      if (err instanceof ApiError && err.code === 'UNAUTHORIZED') {
        refuse(socket, 401, { error: err.toJSON() });
      } else {
        app.log.error({ err }, 'presence upgrade failed');
        refuse(socket, 500, { error: { code: 'INTERNAL', message: 'Internal server error' } });
      }
    });
  });

  // The same path without an upgrade: say what it is for.
  app.get(PRESENCE_PATH, async (_request, reply) => {
    const body: HttpError = { error: { code: 'VALIDATION', message: 'GET /api/presence is a WebSocket: send Upgrade: websocket (docs/presence.md)' } };
    return reply.status(426).header('upgrade', 'websocket').send(body);
  });

  // The transfer directory: any signed-in user may see who they can hand a call to.
  app.get('/api/directory', async (request): Promise<DirectoryResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    return colleagueDirectory(store, hub, session.user, now());
  });

  app.get('/api/board/figures', async (request): Promise<BoardFiguresResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    if (session.user.role !== 'team_lead' && session.user.role !== 'admin') {
      throw new ApiError('FORBIDDEN', 'Only team leads and admins see the board');
    }
    const query = parseRequest(BoardFiguresQuery, request.query, 'figures query');
    return boardFigures(store, hub, session.user, query, now());
  });
}
