// Listen, whisper and barge (docs/monitor.md). A team lead asks the central server for a grant to
// join one agent's call; the server signs it (Ed25519, as a JWT) for that lead, agent and call;
// the lead's softphone calls the agent's with the grant in a SIP header; the agent's console
// verifies it against the server's public key and answers by itself. Mode changes travel in the
// same SIP dialog as INFO requests. Both ends validate with these schemas.
import { z } from 'zod';
import { MonitorMode } from '../domain/monitor';
import { SipAddressOfRecord } from './address';

export { MONITOR_MODES, MonitorMode, MonitorRefusal } from '../domain/monitor';

/** The SIP header on the lead's INVITE that carries the grant, and the one naming the first mode. */
export const MONITOR_GRANT_HEADER = 'X-Fairline-Monitor';
export const MONITOR_MODE_HEADER = 'X-Fairline-Monitor-Mode';
/** The body type of the INFO that switches modes: `{"mode":"whisper"}`. */
export const MONITOR_INFO_TYPE = 'application/x-fairline-monitor+json';
export const MonitorInfo = z.object({ mode: MonitorMode }).strict();

/** How long a grant may wait before the agent's console admits it: long enough to ring, too short to keep. */
export const MONITOR_GRANT_TTL_S = 60;
export const MONITOR_ISSUER = 'fairline';
export const MONITOR_AUDIENCE = 'fairline-monitor';

/** What the server signs. `sub` is the agent, `jti` the monitoring session. */
export const MonitorClaims = z.object({
  iss: z.literal(MONITOR_ISSUER),
  aud: z.literal(MONITOR_AUDIENCE),
  sub: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  lead: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  /** The softphone call id the agent's console reported for the call (presence `callId`). */
  callId: z.string().min(1),
  modes: z.array(MonitorMode).min(1),
  /** Organisation policy: whether the agent is shown that a lead is listening. */
  notifyAgent: z.boolean(),
});
export type MonitorClaims = z.infer<typeof MonitorClaims>;

/** POST /api/monitor/sessions: a lead asks to join an agent's current call. */
export const MonitorRequest = z.object({ agentId: z.string().min(1).max(100), mode: MonitorMode }).strict();
export type MonitorRequest = z.infer<typeof MonitorRequest>;

export const MonitorGrantResponse = z.object({
  sessionId: z.string(),
  grant: z.string(),
  /**
   * The agent's SIP address of record as the server knows it: set by an administrator, else the
   * one the agent's console registered with in this sign-in (POST /api/monitor/address). Never
   * what a console reports in its presence state.
   */
  target: z.string(),
  callId: z.string(),
  agentName: z.string(),
  modes: z.array(MonitorMode),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type MonitorGrantResponse = z.infer<typeof MonitorGrantResponse>;

/** GET /api/monitor/key: the public key grants are signed with (JWK, OKP/Ed25519). */
export const MonitorKeyResponse = z.object({ kid: z.string(), jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string() }).loose() });
export type MonitorKeyResponse = z.infer<typeof MonitorKeyResponse>;

/** Who told the server an agent's address of record: an administrator, or the agent's own registration. */
export const MonitorAddressSource = z.enum(['admin', 'registration']);
export type MonitorAddressSource = z.infer<typeof MonitorAddressSource>;

/**
 * POST /api/monitor/address: an agent's console, once its softphone has registered, reports the
 * address of record it registered in this sign-in. One address per sign-in; see docs/monitor.md.
 */
export const MonitorAddressReport = z.object({ sipUri: SipAddressOfRecord }).strict();
export type MonitorAddressReport = z.infer<typeof MonitorAddressReport>;

/** Where leads' monitor calls to this agent now go, and who set it (an administrator's address wins). */
export const MonitorAddressResponse = z.object({ sipUri: z.string(), source: MonitorAddressSource });
export type MonitorAddressResponse = z.infer<typeof MonitorAddressResponse>;

/**
 * POST /api/monitor/sessions/:sessionId/use: the agent's console admitted the grant on this call.
 * The first report marks it used (monitor_sessions.used_at); every later one hears `first: false`,
 * so a grant is admitted once even by a console that lost its own record of it.
 */
export const MonitorUseRequest = z.object({ callId: z.string().min(1).max(100) }).strict();
export type MonitorUseRequest = z.infer<typeof MonitorUseRequest>;
export const MonitorUseResponse = z.object({ first: z.boolean(), usedAt: z.iso.datetime({ offset: true }) });
export type MonitorUseResponse = z.infer<typeof MonitorUseResponse>;

/** A grant's session id in a URL path (a UUID as the server makes them). */
export const MonitorSessionId = z.uuid();
