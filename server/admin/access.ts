// Admin commands for who may get in (docs/server.md "Admin CLI"): the first administrator,
// passwords, disabling users, sessions, devices, SIP addresses and the security log. Every
// change is recorded as a security event (`admin.*`) naming the operating-system user who ran
// it. Passwords are generated and printed once unless given with --password (which leaves them
// in the shell's history: prefer the generated one).
import { randomBytes, randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { hashPassword } from '../auth/password';
import type { ServerStore } from '../store/store';
import type { AdminIo } from './cli';
import { CommandError, UsageError } from './errors';

type Options = Record<string, string | string[] | boolean | undefined>;
type Handler = (store: ServerStore, opts: Options, io: AdminIo, args: string[]) => Promise<void>;

export const ACCESS_USAGE = `  bootstrap-admin --username NAME --name "DISPLAY NAME"
              (the first administrator, only while there is none; prints a generated password)
  user list
  user set-password USERNAME [--password PASSWORD]   (generated and printed when not given;
              ends the user's sessions)
  user disable USERNAME            (no sign-in; ends every session; the consoles the user was last
              signed in on hand in what they hold and wipe themselves at their next contact)
  user enable USERNAME
  user sip USERNAME SIP_URI|none   (the agent's SIP address of record: leads' monitor calls go there,
              before any address the agent's console registered; docs/monitor.md)
  session list [--user USERNAME]
  session revoke [SESSION_ID] [--user USERNAME] [--device DEVICE_ID]
  device list
  device revoke DEVICE_ID [--now] (no sign-in from it; ends its sessions; at its next contact the
              console sends what it has not sent, then wipes its data and says why; --now
              refuses its pushes at once, losing what it had not sent)
  device reset DEVICE_ID           (forget its secret: the next console with this id binds it)
  security events [--limit N] [--kind KIND]`;

export const ACCESS_COMMANDS = {
  'bootstrap-admin': { username: { type: 'string' }, name: { type: 'string' } },
  'user list': {},
  'user set-password': { password: { type: 'string' } },
  'user disable': {},
  'user enable': {},
  'user sip': {},
  'session list': { user: { type: 'string' } },
  'session revoke': { user: { type: 'string' }, device: { type: 'string' } },
  'device list': {},
  'device revoke': { now: { type: 'boolean' } },
  'device reset': {},
  'security events': { limit: { type: 'string' }, kind: { type: 'string' } },
} as const;

export const ACCESS_POSITIONALS = {
  'user set-password': ['USERNAME'],
  'user disable': ['USERNAME'],
  'user enable': ['USERNAME'],
  'user sip': ['USERNAME', 'SIP_URI'],
  'session revoke': ['SESSION_ID...'],
  'device revoke': ['DEVICE_ID'],
  'device reset': ['DEVICE_ID'],
};

/** Who ran the command, for the security log. */
export function adminActor(io: AdminIo): string {
  let who = io.env.USER ?? io.env.USERNAME;
  try {
    who ??= userInfo().username;
  } catch { /* no passwd entry (containers) */ }
  return `admin-cli:${who ?? 'unknown'}`;
}

const Username = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, ".", "_" and "-" only');
const SipUri = z.string().regex(/^sips?:[^\s@<>"]+@[^\s@<>";]+(;[^\s<>"]*)?$/, 'a SIP URI such as sip:agent7@pbx.example.com');

function generatedPassword(): string {
  return randomBytes(15).toString('base64url'); // 120 bits, 20 characters
}

async function userNamed(store: ServerStore, username: string) {
  const user = await store.findUserByUsername(username);
  if (!user) throw new CommandError(`No user ${username}`);
  return user;
}

const log = (store: ServerStore, io: AdminIo, kind: string, subject: { userId?: string; username?: string; deviceId?: string }, detail: Record<string, unknown> = {}) =>
  store.security.record({ at: io.now().toISOString(), kind: `admin.${kind}`, actor: adminActor(io), ...subject, detail });

const bootstrapAdmin: Handler = async (store, opts, io) => {
  const username = Username.safeParse(opts.username);
  if (!username.success) throw new UsageError('--username is required (letters, digits, ".", "_" and "-")');
  const name = typeof opts.name === 'string' && opts.name.trim() ? opts.name.trim() : username.data;
  if (await store.security.adminCount() > 0) throw new CommandError('An administrator exists already: bootstrap-admin only creates the first one (use create-user)');
  const password = generatedPassword();
  const user = await store.createUser({ id: randomUUID(), username: username.data, displayName: name, role: 'admin', teamId: null, passwordHash: await hashPassword(password) }, io.now().toISOString());
  await log(store, io, 'bootstrap', { userId: user.id, username: user.username });
  io.out(`Created the first administrator ${user.username}. Password (shown once, change it with user set-password): ${password}`);
};

const userList: Handler = async (store, _opts, io) => {
  for (const u of await store.security.listUsers()) {
    io.out([u.username, u.role, u.displayName, u.disabledAt ? `disabled ${u.disabledAt}` : 'active', u.sipUri ?? '-'].join('\t'));
  }
};

const setPassword: Handler = async (store, opts, io, [username]) => {
  const user = await userNamed(store, username!);
  const given = typeof opts.password === 'string' ? opts.password : undefined;
  if (given !== undefined && given.length < 8) throw new UsageError('--password must be at least 8 characters');
  const password = given ?? generatedPassword();
  await store.security.setPasswordHash(user.id, await hashPassword(password));
  const ended = await store.security.revokeSessions({ userId: user.id });
  await log(store, io, 'password.set', { userId: user.id, username: user.username }, { generated: given === undefined, sessionsEnded: ended });
  io.out(given === undefined ? `New password for ${user.username} (shown once): ${password}` : `Password of ${user.username} changed`);
  io.out(`${ended} session(s) ended`);
};

const disable = (disabled: boolean): Handler => async (store, _opts, io, [username]) => {
  const user = await userNamed(store, username!);
  const { sessionsEnded, devicesToWipe } = await store.security.setDisabled(user.id, disabled ? io.now().toISOString() : null);
  await log(store, io, disabled ? 'user.disabled' : 'user.enabled', { userId: user.id, username: user.username }, { sessionsEnded, devicesToWipe });
  io.out(disabled
    ? `Disabled ${user.username}; ${sessionsEnded} session(s) ended; ${devicesToWipe} console(s) hand in what they hold and wipe themselves at their next contact`
    : `Enabled ${user.username}`);
};

const sip: Handler = async (store, _opts, io, [username, uri]) => {
  const user = await userNamed(store, username!);
  let value: string | null = null;
  if (uri !== 'none') {
    const parsed = SipUri.safeParse(uri);
    if (!parsed.success) throw new UsageError(`SIP_URI must be ${parsed.error.issues[0]!.message}, or none`);
    value = parsed.data;
  }
  await store.security.setSipUri(user.id, value);
  await log(store, io, 'user.sip', { userId: user.id, username: user.username }, { sipUri: value });
  io.out(value ? `${user.username}'s SIP address of record is ${value}` : `${user.username} has no SIP address of record`);
};

const sessionList: Handler = async (store, opts, io) => {
  const user = typeof opts.user === 'string' ? await userNamed(store, opts.user) : undefined;
  for (const s of await store.security.listSessions(user?.id)) {
    io.out([s.id, s.username, s.deviceId, s.deviceBound ? 'device-proven' : 'unproven', s.address ?? '-', s.createdAt, `expires ${s.expiresAt}`].join('\t'));
  }
};

const sessionRevoke: Handler = async (store, opts, io, ids) => {
  const user = typeof opts.user === 'string' ? await userNamed(store, opts.user) : undefined;
  const deviceId = typeof opts.device === 'string' ? opts.device : undefined;
  if (ids.length === 0 && !user && !deviceId) throw new UsageError('name a SESSION_ID (as session list shows it), --user or --device');
  let ended = 0;
  for (const sessionId of ids.length > 0 ? ids : [undefined]) {
    ended += await store.security.revokeSessions({ ...(sessionId ? { sessionId } : {}), ...(user ? { userId: user.id } : {}), ...(deviceId ? { deviceId } : {}) });
  }
  await log(store, io, 'session.revoked', { ...(user ? { userId: user.id, username: user.username } : {}), ...(deviceId ? { deviceId } : {}) }, { sessions: ids, ended });
  io.out(`${ended} session(s) ended (another server instance may accept a revoked token for up to 5 s)`);
};

const deviceList: Handler = async (store, _opts, io) => {
  for (const d of await store.security.listDevices()) {
    const state = d.wipedAt ? `wiped ${d.wipedAt}` : d.revokedAt ? `revoked ${d.revokedAt}` : d.wipeRequestedAt ? `wipe requested ${d.wipeRequestedAt}` : 'active';
    io.out([d.id, d.username ?? '-', d.bound ? 'bound' : 'unbound', state, `last seen ${d.lastSeenAt}`,
      d.skewFlaggedAt ? `clock off by ${Math.round(d.skewMs! / 1000)} s (${d.skewFlaggedAt})` : ''].join('\t').trimEnd());
  }
};

const deviceRevoke: Handler = async (store, opts, io, [deviceId]) => {
  const now = opts.now === true;
  const { found, sessionsEnded } = await store.security.revokeDevice(deviceId!, io.now().toISOString(), now);
  if (!found) throw new CommandError(`No device ${deviceId}`);
  await log(store, io, 'device.revoked', { deviceId: deviceId! }, { sessionsEnded, handIn: !now });
  io.out(now
    ? `Revoked device ${deviceId} at once; ${sessionsEnded} session(s) ended. What it had not sent is lost; it wipes itself at its next contact`
    : `Revoked device ${deviceId}; ${sessionsEnded} session(s) ended. At its next contact it sends what it has not sent, then wipes itself`);
};

const deviceReset: Handler = async (store, _opts, io, [deviceId]) => {
  if (!await store.security.resetDevice(deviceId!)) throw new CommandError(`No device ${deviceId}`);
  await log(store, io, 'device.reset', { deviceId: deviceId! });
  io.out(`Device ${deviceId} forgot its secret: the next console to sign in with this id binds it`);
};

const securityEvents: Handler = async (store, opts, io) => {
  const limit = typeof opts.limit === 'string' ? Number(opts.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  const events = await store.security.list({ id: '', role: 'admin' }, { limit, kind: typeof opts.kind === 'string' ? opts.kind : undefined });
  for (const e of events) {
    io.out([e.at, e.kind, e.actor ?? '-', e.username ?? '-', e.deviceId ?? '-', e.address ?? '-', JSON.stringify(e.detail)].join('\t'));
  }
};

export const ACCESS_HANDLERS: Record<keyof typeof ACCESS_COMMANDS, Handler> = {
  'bootstrap-admin': bootstrapAdmin,
  'user list': userList,
  'user set-password': setPassword,
  'user disable': disable(true),
  'user enable': disable(false),
  'user sip': sip,
  'session list': sessionList,
  'session revoke': sessionRevoke,
  'device list': deviceList,
  'device revoke': deviceRevoke,
  'device reset': deviceReset,
  'security events': securityEvents,
};
