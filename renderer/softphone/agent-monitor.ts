// An agent's console when a team lead asks to join the call (docs/monitor.md): the core checks
// the grant (monitor.admit, which logs a refusal), the phone answers or refuses, and a
// MonitorMixer routes the voices for the lead's mode. One lead at a time; the session ends when
// the lead leaves or the call ends, and each step is logged through the core.
import type { MonitorMode } from '../../shared/domain/monitor';
import type { Api } from '../api/client';
import { MonitorMixer } from './monitor-mixer';
import type { MonitorRequest, Softphone } from './softphone';

/** What the agent's screen shows about a lead on the call. */
export interface Monitored {
  sessionId: string;
  leadName: string;
  mode: MonitorMode;
  /** Organisation policy: whether to show a lead who only listens. */
  notifyAgent: boolean;
  since: number;
}

interface Session {
  requestId: string; sessionId: string; callId: string; modes: MonitorMode[]; mixer: MonitorMixer | null; unrecord: () => void; shown: Monitored;
}

export interface AgentMonitorDeps {
  api: Api;
  phone: () => Softphone | null;
  /** The call in progress (not ringing, not a consult), and its account. */
  call: () => { id: string; accountId: string | null } | null;
  /** Plays the lead's voice to the agent (null: nothing). */
  play: (stream: MediaStream | null) => void;
  /** Adds a voice to the call's recording; returns how to take it out again. */
  record: (stream: MediaStream) => () => void;
  onChange: (monitored: Monitored | null) => void;
}

export class AgentMonitor {
  private session: Session | null = null;

  constructor(private readonly deps: AgentMonitorDeps) {}

  async request(req: MonitorRequest): Promise<void> {
    const phone = this.deps.phone();
    if (!phone) return;
    if (this.session) {
      await phone.rejectMonitor(req.id, 'busy');
      return;
    }
    const call = this.deps.call();
    const verdict = await this.deps.api.invoke('monitor.admit', {
      grant: req.grant, callId: call?.id ?? null, accountId: call?.accountId ?? null, mode: req.mode, from: req.from,
    }).catch(() => ({ admitted: false as const, reason: 'invalid' as const }));
    if (!verdict.admitted || !call) {
      await phone.rejectMonitor(req.id, verdict.admitted ? 'no_call' : verdict.reason);
      return;
    }
    const session: Session = {
      requestId: req.id, sessionId: verdict.sessionId, callId: call.id, modes: verdict.modes, mixer: null, unrecord: () => undefined,
      shown: { sessionId: verdict.sessionId, leadName: verdict.leadName, mode: req.mode, notifyAgent: verdict.notifyAgent, since: Date.now() },
    };
    this.session = session;
    try {
      const lead = await phone.acceptMonitor(req.id);
      const media = phone.callMedia(call.id);
      if (!media) throw new Error('The call has ended');
      session.mixer = new MonitorMixer(media.mic, media.remote, lead);
      await phone.setMonitorOutgoing(req.id, session.mixer.toLead);
      this.deps.play(session.mixer.toAgent);
      session.unrecord = this.deps.record(session.mixer.leadHeardByDebtor);
      await this.apply(session, req.mode);
    } catch {
      await phone.endMonitor(req.id);
      this.ended(req.id);
    }
  }

  /** The lead asks for another mode; false when the grant does not allow it. */
  mode(requestId: string, mode: MonitorMode): boolean {
    const session = this.session;
    if (!session || session.requestId !== requestId || !session.modes.includes(mode)) return false;
    void this.deps.api.invoke('monitor.mode', { sessionId: session.sessionId, mode }).catch(() => undefined);
    void this.apply(session, mode);
    return true;
  }

  ended(requestId: string): void {
    const session = this.session;
    if (!session || session.requestId !== requestId) return;
    this.session = null;
    session.unrecord();
    session.mixer?.close();
    this.deps.play(null);
    void this.deps.phone()?.setOutgoingTrack(session.callId, null).catch(() => undefined);
    void this.deps.api.invoke('monitor.end', { sessionId: session.sessionId }).catch(() => undefined);
    this.deps.onChange(null);
  }

  private async apply(session: Session, mode: MonitorMode): Promise<void> {
    session.mixer?.setMode(mode);
    session.shown = { ...session.shown, mode };
    // The debtor hears the lead only in barge; otherwise their line carries the microphone alone.
    await this.deps.phone()?.setOutgoingTrack(session.callId, mode === 'barge' && session.mixer ? session.mixer.toDebtor : null);
    this.deps.onChange(session.shown);
  }
}
