// Small helpers shared by the lab tests.
import { networkInterfaces } from 'node:os';
import { expect } from 'vitest';
import type { MediaStats, Phone } from '../../lab/lab';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Addresses of this machine: media may use any of them (the kernel keeps traffic between
 *  them on the loopback interface), never anything else. */
function ownAddresses(): Set<string> {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []).map((i) => i.address);
  return new Set(['127.0.0.1', ...all]);
}

/** Waits until both phones have sent and received at least `packets` RTP packets in their
 *  current calls, and returns their stats. sip.js says Established even without media: this
 *  is the proof that audio flows both ways. */
export async function expectTwoWayMedia(a: Phone, b: Phone, packets = 100): Promise<[MediaStats, MediaStats]> {
  const enough = (s: MediaStats | null) => s !== null && s.packetsSent >= packets && s.packetsReceived >= packets;
  const deadline = Date.now() + 15_000;
  let stats: [MediaStats | null, MediaStats | null] = [null, null];
  while (Date.now() < deadline) {
    stats = [await a.stats(), await b.stats()];
    if (enough(stats[0]) && enough(stats[1])) break;
    await sleep(200);
  }
  const [sa, sb] = stats;
  expect(sa, `${a.user} stats`).not.toBeNull();
  expect(sb, `${b.user} stats`).not.toBeNull();
  for (const [who, s] of [[a.user, sa!], [b.user, sb!]] as const) {
    expect(s.packetsSent, `${who} packets sent`).toBeGreaterThanOrEqual(packets);
    expect(s.packetsReceived, `${who} packets received`).toBeGreaterThanOrEqual(packets);
    expectLocalPair(s.candidatePair);
  }
  return [sa!, sb!];
}

function expectLocalPair(pair: string | null): void {
  expect(pair, 'a nominated ICE candidate pair').toBeTruthy();
  const own = ownAddresses();
  // "addr:port -> addr:port"; a peer-reflexive remote shows no address (Chromium hides it).
  for (const end of pair!.split(' -> ')) {
    const address = end.slice(0, end.lastIndexOf(':'));
    if (address) expect(own.has(address), `${address} in ${pair} is an address of this machine`).toBe(true);
  }
}

/** Waits until `phone` has heard a steady tone within 15 Hz of `hz` for `minMs`. */
export async function expectHears(phone: Phone, hz: number, minMs = 500, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!await phone.hears(hz, minMs)) {
    if (Date.now() > deadline) {
      expect.fail(`${phone.user} did not hear ${hz} Hz; it heard ${JSON.stringify(await phone.heard())}`);
    }
    await sleep(200);
  }
}
