// Monitor grants (docs/monitor.md): the server signs, for one lead, one agent and one call, a
// short-lived JWT (EdDSA over Ed25519, via jose) that the agent's console checks against the
// server's public key before its softphone lets the lead in. Asymmetric so a console can verify
// a grant but never make one.
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import {
  MONITOR_AUDIENCE, MONITOR_GRANT_TTL_S, MONITOR_ISSUER, type MonitorClaims, type MonitorKeyResponse, type MonitorMode,
} from '../../shared/monitor/protocol';
import type { ServerStore } from '../store/store';

export interface MonitorPolicy {
  /** Whether an agent is shown that a lead is listening (whisper and barge are heard anyway). */
  notifyAgent: boolean;
  /** The modes a lead may use. */
  modes: readonly MonitorMode[];
  /**
   * The SIP domains an agent's console may report registering in (docs/monitor.md); any when
   * empty or absent. An administrator's address for an agent is not held to it.
   */
  sipDomains?: readonly string[];
}

export const DEFAULT_MONITOR_POLICY: Readonly<MonitorPolicy> = Object.freeze({ notifyAgent: true, modes: ['listen', 'whisper', 'barge'] as const });

interface SigningKey { kid: string; privateKey: CryptoKey; publicJwk: JWK }

export interface GrantInput {
  agentId: string;
  lead: { id: string; name: string };
  callId: string;
  at: Date;
}

export class GrantSigner {
  private key: Promise<SigningKey> | undefined;

  constructor(private readonly store: ServerStore, readonly policy: MonitorPolicy, private readonly now: () => Date) {}

  async publicKey(): Promise<MonitorKeyResponse> {
    const { kid, publicJwk } = await this.signingKey();
    return { kid, jwk: { ...publicJwk, kty: 'OKP', crv: 'Ed25519', x: publicJwk.x ?? '' } };
  }

  async sign(input: GrantInput): Promise<{ sessionId: string; grant: string; claims: MonitorClaims }> {
    const { kid, privateKey } = await this.signingKey();
    const iat = Math.floor(input.at.getTime() / 1000);
    const claims: MonitorClaims = {
      iss: MONITOR_ISSUER, aud: MONITOR_AUDIENCE, sub: input.agentId, jti: randomUUID(), iat, exp: iat + MONITOR_GRANT_TTL_S,
      lead: input.lead, callId: input.callId, modes: [...this.policy.modes], notifyAgent: this.policy.notifyAgent,
    };
    const grant = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(privateKey);
    return { sessionId: claims.jti, grant, claims };
  }

  private signingKey(): Promise<SigningKey> {
    this.key ??= (async () => {
      const row = await this.store.monitor.key(async () => {
        const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
        return { privateJwk: JSON.stringify(await exportJWK(pair.privateKey)), publicJwk: JSON.stringify(await exportJWK(pair.publicKey)) };
      }, this.now().toISOString());
      const privateKey = await importJWK(JSON.parse(row.privateJwk) as JWK, 'EdDSA');
      return { kid: row.id, privateKey: privateKey as CryptoKey, publicJwk: JSON.parse(row.publicJwk) as JWK };
    })();
    // A failed read (database down) is tried again by the next request.
    this.key.catch(() => { this.key = undefined; });
    return this.key;
  }
}
