// Listen / whisper / barge, the console core's part (docs/monitor.md).
//
// A lead's console asks the central server for a grant (`start`); its softphone then calls the
// agent's with the grant in a SIP header. The agent's console asks its core (`admit`) before its
// softphone answers: the grant must carry the central server's signature, be unexpired, name this
// agent and the call in progress, not have been used before, and allow the mode asked for. A
// grant is used once: the console records it in its local store before letting the lead in (so
// it stays used across restarts) and tells the central server, which refuses a grant used
// anywhere before. Every admission, mode change, end and refusal is logged as an event, so it
// reaches the central log. Once its softphone registers, the agent's console tells the server
// the address of record it registered with (`reportAddress`): where leads' calls to it go.
import { type JWK, type JWTPayload, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import type { MonitorAdmit, MonitorAdmitResult } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { EventBody } from '../../../shared/domain/events';
import type { MonitorMode, MonitorRefusal } from '../../../shared/domain/monitor';
import { addressOfRecord } from '../../../shared/monitor/address';
import {
  MONITOR_AUDIENCE, MONITOR_ISSUER, MonitorAddressResponse, MonitorClaims, type MonitorGrantResponse, MonitorGrantResponse as GrantSchema,
  MonitorKeyResponse, MonitorUseResponse,
} from '../../../shared/monitor/protocol';
import type { User } from '../../../shared/domain/users';
import { type Fetch, requestJson } from '../sync/http';
import { UsedGrants, type UsedGrantStorage } from './used-grants';

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
  /** The grants this console admitted, kept across restarts (meta). */
  usedGrants: UsedGrantStorage;
  /** The SIP URI the softphone registers with (settings), or null without a SIP account. */
  sipUri: () => string | null;
  log: (accountId: string | null, body: EventBody) => void;
}

/** Grant times are the server's; a console's clock may be this far off. */
const CLOCK_TOLERANCE_S = 30;
/**
 * How long admission waits for the central server to mark a grant used. The lead's INVITE waits
 * meanwhile; past this the console admits on its own record (the server is out of reach).
 */
const USE_TIMEOUT_MS = 2_000;

interface Active { callId: string; accountId: string | null; modes: MonitorMode[]; since: number }

export class MonitorService {
  private readonly used: UsedGrants;
  private readonly active = new Map<string, Active>();
  /** The sign-in (token) and address last reported to the server: reported once per sign-in. */
  private reported: { token: string; sipUri: string } | null = null;

  constructor(private readonly deps: MonitorDeps) {
    this.used = new UsedGrants(deps.usedGrants, deps.now);
  }

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
    if (this.used.has(claims.jti)) return refuse('replayed', claims.jti);
    if (!claims.modes.includes(req.mode)) return refuse('mode_not_granted', claims.jti);
    // Used from here on, whatever happens next: written before the lead is let in.
    this.used.use(claims.jti, (claims.exp + CLOCK_TOLERANCE_S) * 1000);
    const server = await this.markUsed(claims.jti, claims.callId);
    if (server === 'replayed') return refuse('replayed', claims.jti);
    if (server === 'unknown') return refuse('invalid', claims.jti);
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

  /**
   * Tells the central server the grant is used on this call. `replayed`: it was used before (by
   * this console before it lost its record, or by another); `unknown`: the server gave no such
   * grant for this agent's call; `offline`: no answer, and the console's own record stands.
   */
  private async markUsed(sessionId: string, callId: string): Promise<'first' | 'replayed' | 'unknown' | 'offline'> {
    const s = this.deps.session();
    if (!s) return 'offline';
    try {
      const answer = await requestJson(this.deps.fetch, this.deps.serverUrl(), `api/monitor/sessions/${encodeURIComponent(sessionId)}/use`, {
        method: 'POST', token: s.token, body: { callId }, schema: MonitorUseResponse, timeoutMs: USE_TIMEOUT_MS,
      });
      return answer.first ? 'first' : 'replayed';
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION')) return 'unknown';
      return 'offline';
    }
  }

  /**
   * An agent's softphone registered: tells the central server the address of record it
   * registered with, once per sign-in (docs/monitor.md "Where the lead's call goes"). Answers
   * where leads' calls now go; null when there is no sign-in or no SIP account to report.
   */
  async reportAddress(): Promise<MonitorAddressResponse | null> {
    const s = this.deps.session();
    const sipUri = addressOfRecord(this.deps.sipUri() ?? '');
    if (!s || !sipUri) return null;
    const answer = await requestJson(this.deps.fetch, this.deps.serverUrl(), 'api/monitor/address', {
      method: 'POST', token: s.token, body: { sipUri }, schema: MonitorAddressResponse,
    });
    this.reported = { token: s.token, sipUri };
    return answer;
  }

  /** Whether this sign-in has told the server its address (the core reports again when not). */
  addressReported(): boolean {
    const s = this.deps.session();
    return s !== null && this.reported?.token === s.token && this.reported.sipUri === addressOfRecord(this.deps.sipUri() ?? '');
  }
}

/** The public key is neither cached nor reachable: no grant can be checked. */
class NoKey extends Error {}

