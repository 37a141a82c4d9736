// Shared plumbing for server tests: a real server on a temp SQLite file, reached over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { LoginResponse } from '../../shared/sync/protocol';
import { type RunningServer, type ServerOptions, startServer } from '../../server/app';
import { DEMO_PASSWORD } from '../../server/seed/demo';

export const NOW = new Date('2025-06-02T01:30:00.000Z');

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fairline-server-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer extends RunningServer { dir: string; databaseFile: string; stop(): Promise<void> }

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const { dir, remove } = tempDir();
  const databaseFile = join(dir, 'server.db');
  const server = await startServer({ databaseFile, logger: { level: 'warn' }, now: () => NOW, ...opts });
  return { ...server, dir, databaseFile, stop: async () => { await server.close(); remove(); } };
}

export interface Reply<T = unknown> { status: number; body: T }

export async function call<T = unknown>(
  url: string, path: string, init: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(url: string, username: string, deviceId = `device-${username}`): Promise<LoginResponse> {
  const reply = await call(url, '/api/auth/login', { body: { username, password: DEMO_PASSWORD, deviceId } });
  if (reply.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(reply.body)}`);
  return LoginResponse.parse(reply.body);
}

export function clientEvent(seq: number, userId: string, deviceId: string, body: EventBody = { type: 'account.viewed' }): ClientEvent {
  return { id: uuidv7(), deviceId, seq, userId, accountId: null, deviceTime: NOW.toISOString(), body };
}

export interface ErrorBody { error: { code: string; message: string; issues?: { path: string; message: string }[] } }
