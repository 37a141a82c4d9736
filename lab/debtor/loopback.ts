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
