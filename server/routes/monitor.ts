// Listen / whisper / barge (docs/monitor.md):
//   POST /api/monitor/sessions {agentId, mode}       → a grant for the lead to join that agent's call
//   GET  /api/monitor/key                            → the public key consoles verify grants with
//   POST /api/monitor/address {sipUri}               → an agent's console: the address its softphone
//                                                      registered with, once per sign-in
//   POST /api/monitor/sessions/:sessionId/use {callId} → an agent's console admitted the grant
// A grant is given only to a lead of the agent's team (or an admin), only while the board shows
// the agent on a call whose console reported its call id, and it sends the lead to the agent's
// address of record as the server knows it (server/monitor/addresses.ts); every grant and its
// use are logged (monitor_sessions).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import {
  MonitorAddressReport, type MonitorAddressResponse, type MonitorGrantResponse, type MonitorKeyResponse, MonitorRequest, MonitorSessionId,
  MonitorUseRequest, type MonitorUseResponse,
} from '../../shared/monitor/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
import { learnAddress, monitorTarget } from '../monitor/addresses';
import type { GrantSigner } from '../monitor/grants';
import type { PresenceHub } from '../presence/hub';
import type { ServerStore } from '../store/store';

export interface MonitorDeps { auth: Auth; store: ServerStore; hub: PresenceHub; signer: GrantSigner; now: () => Date }

export function monitorRoutes(app: FastifyInstance, { auth, store, hub, signer, now }: MonitorDeps): void {
  app.get('/api/monitor/key', async (request): Promise<MonitorKeyResponse> => {
    await auth.authenticate(request.headers.authorization);
    return signer.publicKey();
  });

  app.post('/api/monitor/sessions', async (request): Promise<MonitorGrantResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const lead = session.user;
    if (lead.role !== 'team_lead' && lead.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and admins can listen to calls');
    const body = parseRequest(MonitorRequest, request.body, 'monitor request');
    const roster = await store.boardRoster(lead);
    const agent = roster.agents.find((a) => a.id === body.agentId);
    // The same answer for an unknown id and another team's agent: nothing about other teams leaks.
    if (!agent) throw new ApiError('FORBIDDEN', `Agent ${body.agentId} is not in your teams`);
    const presence = hub.presence(agent.id);
    if (!presence || presence.state !== 'on_call' || !presence.callId) throw new ApiError('NOT_FOUND', `${agent.displayName} is not on a call`);
    const at = now();
    const target = await monitorTarget(store, agent, at);
    const { sessionId, grant, claims } = await signer.sign({ agentId: agent.id, lead: { id: lead.id, name: lead.displayName }, callId: presence.callId, at });
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    await store.monitor.record({
      id: sessionId, leadId: lead.id, agentId: agent.id, callId: presence.callId, accountId: presence.account?.id ?? null,
      mode: body.mode, issuedAt: at.toISOString(), expiresAt, target,
    });
    request.log.info({ sessionId, lead: lead.id, agent: agent.id, callId: presence.callId, mode: body.mode }, 'monitor grant');
    return { sessionId, grant, target, callId: presence.callId, agentName: agent.displayName, modes: claims.modes, expiresAt };
  });

  app.post('/api/monitor/address', async (request): Promise<MonitorAddressResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const { sipUri } = parseRequest(MonitorAddressReport, request.body, 'SIP address report');
    const answer = await learnAddress(store, signer.policy, session, sipUri, now());
    request.log.info({ user: session.user.id, device: session.deviceId, source: answer.source }, 'monitor address');
    return answer;
  });

  app.post('/api/monitor/sessions/:sessionId/use', async (request): Promise<MonitorUseResponse> => {
    const session = await auth.authenticate(request.headers.authorization);
    const sessionId = parseRequest(MonitorSessionId, (request.params as { sessionId?: unknown }).sessionId, 'monitor session id');
    const { callId } = parseRequest(MonitorUseRequest, request.body, 'monitor use');
    const use = await store.monitor.markUsed({ sessionId, agentId: session.user.id, callId }, session.deviceId, now().toISOString());
    // Another agent's grant, or another call's, reads as no grant at all.
    if (use.outcome === 'unknown') throw new ApiError('NOT_FOUND', `No monitor grant ${sessionId} for your call ${callId}`);
    return { first: use.outcome === 'first', usedAt: use.usedAt };
  });
}
