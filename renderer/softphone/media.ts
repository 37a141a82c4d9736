// What a call needs before the agent clicks, so the click goes straight to the wire:
// - the microphone opened once when the phone registers (WarmMicrophone): each call takes a
//   clone of its track, so no call waits for getUserMedia (570–690 ms for the first one);
// - the next call's offer made ahead (ReadyOffer): a peer connection with the microphone's
//   track, its offer set and its candidates gathered, held while the phone is idle, so the
//   INVITE leaves as soon as the gate has answered; made again after each call, and refreshed
//   every few minutes (a network that changed gets new candidates);
// - ICE gathering that ends when the candidates the network needs are in (FastSdh): with no
//   STUN or TURN server that is the first UDP host candidate, not the TCP ones that trail it
//   by ~115 ms; with a TURN server, its relay candidate; with STUN only, a reflexive one.
import { type BodyAndContentType, Inviter, type Session, type UserAgent, Web } from 'sip.js';

/** How long after the first usable candidate the others of the same batch get to arrive. */
const SETTLE_MS = 3;

export type IceNeed = 'host' | 'srflx' | 'relay';

export class WarmMicrophone {
  private stream: Promise<MediaStream> | null = null;
  private deviceId = '';

  /** Opens the microphone ('' for the default) if it is not open on that device already. */
  warm(deviceId: string): Promise<MediaStream> | null {
    if (!navigator.mediaDevices?.getUserMedia) return null;
    if (this.stream && this.deviceId === deviceId) return this.stream;
    this.release();
    this.deviceId = deviceId;
    const opening = openMicrophone(constraintsFor(deviceId));
    this.stream = opening;
    opening.then((stream) => {
      // Unplugged or revoked: the next call opens it again.
      for (const track of stream.getAudioTracks()) track.addEventListener('ended', () => {
        if (this.stream === opening) this.stream = null;
      });
    }, () => {
      if (this.stream === opening) this.stream = null;
    });
    return opening;
  }

  /** A stream for one call: a clone of the warm track (stopping it leaves the warm one open). */
  async take(constraints: MediaStreamConstraints): Promise<MediaStream> {
    const wanted = deviceOf(constraints);
    const warm = this.stream && this.deviceId === wanted ? await this.stream.catch(() => null) : null;
    const track = warm?.getAudioTracks().find((t) => t.readyState === 'live');
    if (track) return new MediaStream([track.clone()]);
    return openMicrophone(constraints);
  }

  release(): void {
    const stream = this.stream;
    this.stream = null;
    void stream?.then((s) => s.getTracks().forEach((t) => t.stop()), () => undefined);
  }
}

export function constraintsFor(deviceId: string): MediaStreamConstraints {
  return { audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false };
}

function deviceOf(constraints: MediaStreamConstraints): string {
  const audio = constraints.audio;
  if (typeof audio !== 'object' || !audio.deviceId) return '';
  const id = audio.deviceId;
  if (typeof id === 'string') return id;
  if (Array.isArray(id)) return id[0] ?? '';
  const exact = id.exact;
  return typeof exact === 'string' ? exact : Array.isArray(exact) ? exact[0] ?? '' : '';
}

/** The microphone for a call; the chosen device unplugged a moment ago gives way to the default. */
export async function openMicrophone(constraints: MediaStreamConstraints): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    const gone = error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError');
    if (!gone || constraints.audio === true) throw error;
    return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  }
}

/** Which candidates are enough, from the ICE servers configured. */
export function iceNeed(servers: { urls: string }[], policy: RTCIceTransportPolicy = 'all'): IceNeed {
  if (policy === 'relay' || servers.some((s) => /^turns?:/i.test(s.urls))) return 'relay';
  return servers.length > 0 ? 'srflx' : 'host';
}

function usable(candidate: RTCIceCandidate, need: IceNeed): boolean {
  if (need === 'relay') return candidate.type === 'relay';
  if (need === 'srflx') return candidate.type === 'srflx' || candidate.type === 'relay';
  return candidate.type === 'host' && candidate.protocol === 'udp';
}

/** A peer connection made ahead of the next call, already gathering (a candidate pool of
 *  one): what an inbound call's answer (or an outbound call with no ready offer) starts from. */
let spare: { key: string; pc: RTCPeerConnection } | null = null;

export function warmPeerConnection(configuration: RTCConfiguration): void {
  if (typeof RTCPeerConnection === 'undefined') return;
  const key = JSON.stringify(configuration);
  if (spare?.key === key && spare.pc.signalingState !== 'closed') return;
  spare?.pc.close();
  spare = { key, pc: new RTCPeerConnection({ ...configuration, iceCandidatePoolSize: 1 }) };
}

function takeSpare(configuration: RTCConfiguration): RTCPeerConnection | null {
  const key = JSON.stringify(configuration);
  if (!spare || spare.key !== key || spare.pc.signalingState !== 'stable' || spare.pc.connectionState === 'closed') return null;
  const pc = spare.pc;
  spare = null;
  // The next one, once this call is under way.
  setTimeout(() => warmPeerConnection(configuration), 3_000);
  return pc;
}

type Description = BodyAndContentType;

/** sip.js's handler, but on a warm peer connection, done gathering once the candidates the
 *  network needs are in, and able to make its first offer ahead of the call (ReadyOffer). */
class FastSdh extends Web.SessionDescriptionHandler {
  /** The offer made ahead, for the INVITE; with the constraints it was made with. */
  private premade: { description: Promise<Description>; constraints: string } | null = null;
  private preparing = false;

  constructor(logger: ConstructorParameters<typeof Web.SessionDescriptionHandler>[0], factory: Web.MediaStreamFactory,
    configuration: Web.SessionDescriptionHandlerConfiguration, private readonly need: IceNeed) {
    super(logger, factory, configuration);
    const warm = configuration.peerConnectionConfiguration ? takeSpare(configuration.peerConnectionConfiguration) : null;
    if (warm) {
      this._peerConnection?.close();
      this._peerConnection = warm;
      (this as unknown as { initPeerConnectionEventHandlers(): void }).initPeerConnectionEventHandlers();
    }
  }

  /** Makes the offer now (microphone track, offer set, candidates gathered), for a call to come. */
  prepare(constraints: MediaStreamConstraints): Promise<Description> {
    this.preparing = true;
    const description = super.getDescription({ constraints }).finally(() => { this.preparing = false; });
    this.premade = { description, constraints: JSON.stringify(constraints) };
    return description;
  }

  override getDescription(options?: Web.SessionDescriptionHandlerOptions, modifiers?: Array<(d: RTCSessionDescriptionInit) => Promise<RTCSessionDescriptionInit>>): Promise<Description> {
    const premade = this.premade;
    this.premade = null;
    // The INVITE's offer, made ahead: the same microphone, no hold, nothing to modify.
    if (premade && !(options as { hold?: boolean } | undefined)?.hold && !options?.offerOptions?.iceRestart && !modifiers?.length
      && premade.constraints === JSON.stringify(options?.constraints ?? { audio: true, video: false })) {
      performance.mark('fairline:gather-start'); // the call-setup bench's phases: gathered before the click
      performance.mark('fairline:gather-end');
      return premade.description;
    }
    return super.getDescription(options, modifiers);
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    const marks = !this.preparing;
    if (marks) performance.mark('fairline:gather-start'); // the call-setup bench's phases
    const done = () => {
      if (marks) performance.mark('fairline:gather-end');
    };
    const full = super.waitForIceGatheringComplete(restart, timeout);
    const pc = this._peerConnection;
    if (!pc || pc.iceGatheringState === 'complete') return full.finally(done);
    const early = new Promise<void>((resolve) => {
      const done = () => {
        pc.removeEventListener('icecandidate', onCandidate);
        setTimeout(resolve, SETTLE_MS);
      };
      const onCandidate = (event: RTCPeerConnectionIceEvent) => {
        if (event.candidate && usable(event.candidate, this.need)) done();
      };
      pc.addEventListener('icecandidate', onCandidate);
      // Already in before we started listening (a re-INVITE on a gathered connection).
      const sdp = pc.localDescription?.sdp ?? '';
      if (this.need === 'host' && / udp \d+ \S+ \d+ typ host/i.test(sdp)) done();
    });
    return Promise.race([full, early]).finally(done);
  }
}

/** How long an offer made ahead is kept before it is made again (the network may have changed). */
export const READY_OFFER_MAX_AGE_MS = 5 * 60_000;

/**
 * The next outbound call's offer, made while the phone is idle: taken by the next INVITE
 * (its handler then sends at once), made again after each call. Only with no STUN or TURN
 * server: a relay allocation held while the agent waits would cost the TURN server, and a
 * reflexive address may not last.
 */
export class ReadyOffer {
  private ready: { key: string; pcKey: string; sdh: FastSdh; made: number } | null = null;

  /** `standby`: the offer's far-end stream (its receiver's track, silent until a call answers), once
   *  the offer is made: the player can be attached to it before the click. */
  constructor(private readonly media: Web.MediaStreamFactory, private readonly need: IceNeed,
    private readonly standby: (stream: MediaStream) => void = () => undefined) {}

  /** Makes the offer unless one with these settings is ready and fresh. */
  prepare(ua: UserAgent, options: Web.SessionDescriptionHandlerFactoryOptions | undefined, constraints: MediaStreamConstraints): void {
    if (typeof RTCPeerConnection === 'undefined' || this.need !== 'host') return;
    const configuration = handlerConfiguration(options);
    const pcKey = JSON.stringify(configuration.peerConnectionConfiguration);
    const key = `${pcKey} ${JSON.stringify(constraints)}`;
    if (this.ready && this.ready.key === key && Date.now() - this.ready.made < READY_OFFER_MAX_AGE_MS) return;
    this.discard();
    const sdh = new FastSdh(ua.getLogger('sip.SessionDescriptionHandler'), this.media, configuration, this.need);
    const entry = { key, pcKey, sdh, made: Date.now() };
    this.ready = entry;
    sdh.prepare(constraints).then(() => {
      if (this.ready !== entry) return;
      const stream = sdh.remoteMediaStream;
      for (const receiver of sdh.peerConnection?.getReceivers() ?? []) {
        if (receiver.track.kind === 'audio' && stream.getAudioTracks().length === 0) stream.addTrack(receiver.track);
      }
      if (stream.getAudioTracks().length > 0) this.standby(stream);
    }, () => {
      if (this.ready === entry) this.ready = null;
      sdh.close();
    });
  }

  /** The handler with the offer made ahead, for an outbound call on these settings. */
  take(options: Web.SessionDescriptionHandlerFactoryOptions | undefined): FastSdh | null {
    const ready = this.ready;
    if (!ready || ready.pcKey !== JSON.stringify(handlerConfiguration(options).peerConnectionConfiguration)) return null;
    this.ready = null;
    return ready.sdh;
  }

  discard(): void {
    this.ready?.sdh.close();
    this.ready = null;
  }
}

function handlerConfiguration(options?: Web.SessionDescriptionHandlerFactoryOptions): Web.SessionDescriptionHandlerConfiguration {
  return {
    iceGatheringTimeout: options?.iceGatheringTimeout ?? 5000,
    peerConnectionConfiguration: peerConnectionConfiguration(options),
  };
}

/** The peer connection configuration sip.js would use with these factory options. */
export function peerConnectionConfiguration(options?: Web.SessionDescriptionHandlerFactoryOptions): RTCConfiguration {
  return { ...Web.defaultPeerConnectionConfiguration(), ...options?.peerConnectionConfiguration };
}

export function fastSessionDescriptionHandlerFactory(media: Web.MediaStreamFactory, need: IceNeed, ready?: ReadyOffer): Web.SessionDescriptionHandlerFactory {
  return (session: Session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    // An outbound call's first handler takes the offer made ahead (the early-media forks of the same INVITE make their own).
    const made = session instanceof Inviter && !session.sessionDescriptionHandler ? ready?.take(options) : null;
    return made ?? new FastSdh(session.userAgent.getLogger('sip.SessionDescriptionHandler'), media, handlerConfiguration(options), need);
  };
}
