// Listen / whisper / barge, the console core's part (docs/monitor.md).
//
// A lead's console asks the central server for a grant (`start`); its softphone then calls the
// agent's with the grant in a SIP header. The agent's console asks its core (`admit`) before its
// softphone answers: the grant must carry the central server's signature, be unexpired, name this
// agent and the call in progress, not have been used before, and allow the mode asked for. Every
// admission, mode change, end and refusal is logged as an event, so it reaches the central log.
import { type JWK, type JWTPayload, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import type { MonitorAdmit, MonitorAdmitResult } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { EventBody } from '../../../shared/domain/events';
import type { MonitorMode, MonitorRefusal } from '../../../shared/domain/monitor';
import {
  MONITOR_AUDIENCE, MONITOR_ISSUER, MonitorClaims, type MonitorGrantResponse, MonitorGrantResponse as GrantSchema, MonitorKeyResponse,
} from '../../../shared/monitor/protocol';
import type { User } from '../../../shared/domain/users';
import { type Fetch, requestJson } from '../sync/http';

export interface MonitorDeps {
  fetch: Fetch;
  serverUrl: () => string;
  /** The signed-in user with a valid token (network calls), or null. */
  session: () => { token: string; user: User } | null;
  /** The agent this console works for, even offline with an expired token. */
  localUser: () => User | null;
  now: () => Date;
  /** The public key, kept across restarts (meta). */
  readKey: () => MonitorKeyResponse | undefined;
  writeKey: (key: MonitorKeyResponse) => void;
  log: (accountId: string | null, body: EventBody) => void;
}

/** Grant times are the server's; a console's clock may be this far off. */
const CLOCK_TOLERANCE_S = 30;
/** Grant ids seen, kept long enough to outlive any grant (60 s) with room. */
const SEEN_KEEP_MS = 10 * 60_000;

interface Active { callId: string; accountId: string | null; modes: MonitorMode[]; since: number }

export class MonitorService {
  private readonly seen = new Map<string, number>();
  private readonly active = new Map<string, Active>();

  constructor(private readonly deps: MonitorDeps) {}

  /** A lead: a grant to join an agent's call in `mode`. */
  async start(agentId: string, mode: MonitorMode): Promise<MonitorGrantResponse> {
    const s = this.deps.session();
    if (!s) throw new ApiError('UNAUTHORIZED', 'Sign in again to listen to calls');
    return requestJson(this.deps.fetch, this.deps.serverUrl(), 'api/monitor/sessions', { method: 'POST', token: s.token, body: { agentId, mode }, schema: GrantSchema });
  }

  /** An agent: may this monitor request in? Refusals are logged with their reason. */
  async admit(req: MonitorAdmit): Promise<MonitorAdmitResult> {
    const refuse = (reason: MonitorRefusal, sessionId: string | null = null): MonitorAdmitResult => {
      this.deps.log(req.accountId, { type: 'monitor.refused', callId: req.callId, from: req.from.slice(0, 200), reason, sessionId });
      return { admitted: false, reason };
    };
    const user = this.deps.localUser();
    if (!user) throw new ApiError('UNAUTHORIZED', 'Not signed in');
    if (!req.grant) return refuse('missing');
    if (!req.callId) return refuse('no_call');
    let claims: MonitorClaims;
    try {
      claims = await this.verify(req.grant);
    } catch (error) {
      if (error instanceof NoKey) return refuse('no_key');
      return refuse(error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid');
    }
    if (claims.sub !== user.id) return refuse('other_agent', claims.jti);
    if (claims.callId !== req.callId) return refuse('other_call', claims.jti);
    this.forgetOld();
    if (this.seen.has(claims.jti)) return refuse('replayed', claims.jti);
    if (!claims.modes.includes(req.mode)) return refuse('mode_not_granted', claims.jti);
    this.seen.set(claims.jti, this.deps.now().getTime());
    this.active.set(claims.jti, { callId: claims.callId, accountId: req.accountId, modes: claims.modes, since: this.deps.now().getTime() });
    this.deps.log(req.accountId, {
      type: 'monitor.started', sessionId: claims.jti, leadId: claims.lead.id, leadName: claims.lead.name, callId: claims.callId, mode: req.mode,
      agentNotified: claims.notifyAgent || req.mode !== 'listen',
    });
    return { admitted: true, sessionId: claims.jti, leadId: claims.lead.id, leadName: claims.lead.name, modes: claims.modes, notifyAgent: claims.notifyAgent };
  }

  /** The lead switched modes in an admitted session; a mode the grant does not allow is refused. */
  mode(sessionId: string, mode: MonitorMode): void {
    const session = this.active.get(sessionId);
    if (!session) throw new ApiError('NOT_FOUND', 'No such monitoring session on this console');
    if (!session.modes.includes(mode)) throw new ApiError('FORBIDDEN', `The grant does not allow ${mode}`);
    this.deps.log(session.accountId, { type: 'monitor.mode', sessionId, callId: session.callId, mode });
  }

  /** The lead left, or the call ended. */
  end(sessionId: string): void {
    const session = this.active.get(sessionId);
    if (!session) return;
    this.active.delete(sessionId);
    this.deps.log(session.accountId, { type: 'monitor.ended', sessionId, callId: session.callId, durationMs: Math.max(0, this.deps.now().getTime() - session.since) });
  }

  private async verify(grant: string): Promise<MonitorClaims> {
    const cached = this.deps.readKey();
    try {
      return await this.verifyWith(grant, cached ?? await this.fetchKey());
    } catch (error) {
      // The server may have a new key since this console cached one: fetch it once and retry.
      if (cached && error instanceof joseErrors.JWSSignatureVerificationFailed) return this.verifyWith(grant, await this.fetchKey());
      throw error;
    }
  }

  private async verifyWith(grant: string, key: MonitorKeyResponse): Promise<MonitorClaims> {
    const publicKey = await importJWK(key.jwk as JWK, 'EdDSA');
    const { payload } = await jwtVerify<JWTPayload>(grant, publicKey, {
      issuer: MONITOR_ISSUER, audience: MONITOR_AUDIENCE, algorithms: ['EdDSA'], currentDate: this.deps.now(), clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'jti', 'exp', 'iat'],
    });
    const claims = MonitorClaims.safeParse(payload);
    if (!claims.success) throw new joseErrors.JWTClaimValidationFailed('grant claims do not match', payload);
    return claims.data;
  }

  private async fetchKey(): Promise<MonitorKeyResponse> {
    const s = this.deps.session();
    if (!s) throw new NoKey();
    const key = await requestJson(this.deps.fetch, this.deps.serverUrl(), 'api/monitor/key', { token: s.token, schema: MonitorKeyResponse }).catch(() => {
      throw new NoKey();
    });
    this.deps.writeKey(key);
    return key;
  }

  private forgetOld(): void {
    const cutoff = this.deps.now().getTime() - SEEN_KEEP_MS;
    for (const [jti, at] of this.seen) if (at < cutoff) this.seen.delete(jti);
  }
}

/** The public key is neither cached nor reachable: no grant can be checked. */
class NoKey extends Error {}

