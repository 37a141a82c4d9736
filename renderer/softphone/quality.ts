// Call quality from getStats: packet loss, jitter and round-trip time every two seconds, and an
// estimated MOS from a simplified E-model (ITU-T G.107) for the agent's indicator. Written here
// because what exists for this (callstats-style SDKs) reports to third-party services.
export interface Quality {
  lossPercent: number;
  jitterMs: number;
  rttMs: number;
  mos: number;
  packetsSent: number;
  packetsReceived: number;
}

const EVERY_MS = 2_000;

export class CallQuality {
  private timer: ReturnType<typeof setInterval> | null = null;
  private last: Quality | null = null;
  private listeners = new Set<(q: Quality) => void>();

  watch(pc: RTCPeerConnection): void {
    this.stop();
    this.timer = setInterval(() => {
      void pc.getStats().then((report) => {
        this.last = summarise(report);
        for (const l of this.listeners) l(this.last);
      }).catch(() => undefined);
    }, EVERY_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  current(): Quality | null {
    return this.last;
  }

  subscribe(listener: (q: Quality) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function summarise(report: RTCStatsReport): Quality {
  let lost = 0;
  let received = 0;
  let sent = 0;
  let jitter = 0;
  let rtt = 0;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      lost += Number(s.packetsLost ?? 0);
      received += Number(s.packetsReceived ?? 0);
      jitter = Math.max(jitter, Number(s.jitter ?? 0) * 1000);
    }
    if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += Number(s.packetsSent ?? 0);
    if (s.type === 'remote-inbound-rtp' && s.roundTripTime !== undefined) rtt = Math.max(rtt, Number(s.roundTripTime) * 1000);
    if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.currentRoundTripTime !== undefined) rtt = Math.max(rtt, Number(s.currentRoundTripTime) * 1000);
  });
  const lossPercent = received + lost > 0 ? (100 * lost) / (received + lost) : 0;
  return { lossPercent, jitterMs: jitter, rttMs: rtt, mos: mos(lossPercent, jitter, rtt), packetsSent: sent, packetsReceived: received };
}

/** Simplified E-model: effective latency from RTT and jitter, R-factor, then MOS (1..4.5). */
export function mos(lossPercent: number, jitterMs: number, rttMs: number): number {
  const latency = rttMs / 2 + jitterMs * 2 + 10;
  let r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  r -= lossPercent * 2.5;
  r = Math.max(0, Math.min(100, r));
  const m = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, m)) * 10) / 10;
}

/** What the indicator shows. */
export function grade(q: Quality | null): 'good' | 'fair' | 'poor' | 'unknown' {
  if (!q) return 'unknown';
  return q.mos >= 4 ? 'good' : q.mos >= 3.6 ? 'fair' : 'poor';
}
