// The agent's side of a monitored call (docs/monitor.md): Web Audio routes three voices so each
// mode keeps to who may hear whom.
//
//   to the lead:    debtor + agent, in every mode
//   to the agent:   lead (whisper, barge)            — played beside the debtor
//   to the debtor:  agent + lead (barge)             — in listen and whisper the debtor's
//                                                      line keeps the agent's own microphone
//   to the recording: the lead, in barge             — what the debtor heard is recorded
//
// The lead's voice reaches the agent and the debtor only through gains this console sets, so a
// lead in listen mode is heard by no one whatever their phone sends.
import type { MonitorMode } from '../../shared/domain/monitor';

export class MonitorMixer {
  private readonly ctx = new AudioContext();
  private readonly leadToAgent: GainNode;
  private readonly leadToDebtor: GainNode;
  private readonly players: HTMLAudioElement[] = [];
  /** Sent to the lead on the monitor call. */
  readonly toLead: MediaStreamTrack;
  /** Sent to the debtor in barge (the agent's voice and the lead's). */
  readonly toDebtor: MediaStreamTrack;
  /** Played to the agent: the lead's voice, silent in listen. */
  readonly toAgent: MediaStream;
  /** The lead's voice as the debtor hears it (silent but in barge): for the call's recording. */
  readonly leadHeardByDebtor: MediaStream;

  constructor(mic: MediaStream, debtor: MediaStream, lead: MediaStream) {
    const ctx = this.ctx;
    // Chromium feeds a remote WebRTC track into Web Audio only while a media element plays it.
    for (const remote of [debtor, lead]) this.players.push(silentPlayer(remote));
    const micIn = ctx.createMediaStreamSource(mic);
    const debtorIn = ctx.createMediaStreamSource(debtor);
    const leadIn = ctx.createMediaStreamSource(lead);

    const toLead = ctx.createMediaStreamDestination();
    micIn.connect(toLead);
    debtorIn.connect(toLead);

    const toAgent = ctx.createMediaStreamDestination();
    this.leadToAgent = ctx.createGain();
    leadIn.connect(this.leadToAgent).connect(toAgent);

    const toDebtor = ctx.createMediaStreamDestination();
    micIn.connect(toDebtor);
    this.leadToDebtor = ctx.createGain();
    leadIn.connect(this.leadToDebtor).connect(toDebtor);
    const leadHeard = ctx.createMediaStreamDestination();
    this.leadToDebtor.connect(leadHeard);
    this.leadHeardByDebtor = leadHeard.stream;

    this.toLead = toLead.stream.getAudioTracks()[0]!;
    this.toDebtor = toDebtor.stream.getAudioTracks()[0]!;
    this.toAgent = toAgent.stream;
    this.setMode('listen');
    void ctx.resume().catch(() => undefined);
  }

  setMode(mode: MonitorMode): void {
    const at = this.ctx.currentTime;
    this.leadToAgent.gain.setValueAtTime(mode === 'listen' ? 0 : 1, at);
    this.leadToDebtor.gain.setValueAtTime(mode === 'barge' ? 1 : 0, at);
  }

  close(): void {
    for (const player of this.players) player.srcObject = null;
    void this.ctx.close().catch(() => undefined);
  }
}

function silentPlayer(stream: MediaStream): HTMLAudioElement {
  const element = new Audio();
  element.muted = true;
  element.srcObject = stream;
  void element.play().catch(() => undefined);
  return element;
}
