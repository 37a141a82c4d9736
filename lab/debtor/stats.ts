// The numbers that prove a call carries audio, from RTCPeerConnection.getStats(): sip.js
// reports a session Established even when no media path exists.
import type { MediaStats } from './protocol';

export function summarise(report: RTCStatsReport): MediaStats {
  const stats: MediaStats = {
    packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, packetsLost: 0, jitter: 0,
    candidatePair: null,
  };
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
  let pairId: string | undefined;
  for (const s of byId.values()) {
    if (s.kind !== undefined && s.kind !== 'audio') continue;
    if (s.type === 'outbound-rtp') {
      stats.packetsSent += Number(s.packetsSent ?? 0);
      stats.bytesSent += Number(s.bytesSent ?? 0);
    } else if (s.type === 'inbound-rtp') {
      stats.packetsReceived += Number(s.packetsReceived ?? 0);
      stats.bytesReceived += Number(s.bytesReceived ?? 0);
      stats.packetsLost += Number(s.packetsLost ?? 0);
      stats.jitter = Number(s.jitter ?? 0);
    } else if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      pairId = s.selectedCandidatePairId;
    }
  }
  const pair = pairId ? byId.get(pairId) : undefined;
  if (pair) {
    const end = (id: unknown) => {
      const c = byId.get(String(id));
      return c ? `${String(c.address ?? c.ip)}:${String(c.port)}` : '?';
    };
    stats.candidatePair = `${end(pair.localCandidateId)} -> ${end(pair.remoteCandidateId)}`;
  }
  return stats;
}
