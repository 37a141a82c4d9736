// Keeps lab media on this machine. Chromium gathers host candidates on every interface
// (with --allow-loopback-in-peer-connection, loopback too) and sip.js sends whatever was
// gathered. A lab endpoint offers only its 127.0.0.1 candidates, and accepts only
// candidates on addresses of this machine: 127.0.0.1 from other lab endpoints, or the
// machine's own interface address from a browser without the loopback flag (a developer's
// console), which the kernel still delivers over `lo`.
import type { Session, Web } from 'sip.js';

type Factory = ReturnType<typeof Web.defaultSessionDescriptionHandlerFactory>;

/** Removes ICE candidates whose address is not in `allowed` from an SDP body. */
export function keepCandidates(sdp: string, allowed: ReadonlySet<string>): string {
  return sdp
    .split('\r\n')
    // a=candidate:foundation component transport priority ADDRESS port typ ...
    .filter((line) => !line.startsWith('a=candidate:') || allowed.has(line.split(' ')[4] ?? ''))
    .join('\r\n');
}

const LOOPBACK = new Set(['127.0.0.1']);

export function onThisMachine(factory: Factory, machineAddresses: readonly string[]): Factory {
  const local = new Set([...LOOPBACK, ...machineAddresses]);
  return (session: Session, options?: object) => {
    const handler = factory(session, options) as Web.SessionDescriptionHandler;
    endGatheringAtLoopback(handler);
    const getDescription = handler.getDescription.bind(handler);
    const setDescription = handler.setDescription.bind(handler);
    handler.getDescription = async (o, m) => {
      const description = await getDescription(o, m);
      return { ...description, body: keepCandidates(description.body, LOOPBACK) };
    };
    handler.setDescription = (sdp, o, m) => setDescription(keepCandidates(sdp, local), o, m);
    return handler;
  };
}

/** Only 127.0.0.1 candidates are offered: once the UDP one is in, waiting for the rest of the
 *  gathering (TCP candidates trail by ~115 ms) only delays the offer or answer. The lab's
 *  endpoints, agent phones included, are so as fast as loopback allows. */
function endGatheringAtLoopback(handler: Web.SessionDescriptionHandler): void {
  const target = handler as unknown as { waitForIceGatheringComplete(restart?: boolean, timeout?: number): Promise<void> };
  const original = target.waitForIceGatheringComplete.bind(handler);
  target.waitForIceGatheringComplete = (restart = false, timeout = 0) => {
    const full = original(restart, timeout);
    const pc = handler.peerConnection;
    if (!pc || pc.iceGatheringState === 'complete') return full;
    const early = new Promise<void>((resolve) => {
      const inSdp = () => / udp \d+ 127\.0\.0\.1 \d+ typ host/i.test(pc.localDescription?.sdp ?? '');
      const onCandidate = (event: RTCPeerConnectionIceEvent) => {
        if (event.candidate?.address === '127.0.0.1' && event.candidate.protocol === 'udp') {
          pc.removeEventListener('icecandidate', onCandidate);
          setTimeout(resolve, 0);
        }
      };
      pc.addEventListener('icecandidate', onCandidate);
      if (inSdp()) resolve();
    });
    return Promise.race([full, early]);
  };
}
