// Listen / whisper / barge (docs/monitor.md):
//   POST /api/monitor/sessions {agentId, mode} → a grant for the lead to join that agent's call
//   GET  /api/monitor/key                      → the public key consoles verify grants with
// A grant is given only to a lead of the agent's team (or an admin), only while the board
// shows the agent on a call whose console reported its call id and SIP address; every grant
// is logged (monitor_sessions).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../shared/api/errors';
import { type MonitorGrantResponse, type MonitorKeyResponse, MonitorRequest } from '../../shared/monitor/protocol';
import type { Auth } from '../auth/sessions';
import { parseRequest } from '../http/errors';
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
    if (!presence.sipUri) throw new ApiError('NOT_FOUND', `${agent.displayName}'s console has no phone registered`);
    const at = now();
    const { sessionId, grant, claims } = await signer.sign({ agentId: agent.id, lead: { id: lead.id, name: lead.displayName }, callId: presence.callId, at });
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    await store.monitor.record({
      id: sessionId, leadId: lead.id, agentId: agent.id, callId: presence.callId, accountId: presence.account?.id ?? null,
      mode: body.mode, issuedAt: at.toISOString(), expiresAt,
    });
    request.log.info({ sessionId, lead: lead.id, agent: agent.id, callId: presence.callId, mode: body.mode }, 'monitor grant');
    return { sessionId, grant, target: presence.sipUri, callId: presence.callId, agentName: agent.displayName, modes: claims.modes, expiresAt };
  });
}
