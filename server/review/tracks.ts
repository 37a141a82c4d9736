// The talk tracks a call's steps are read against: the version its wrap-up names, and any other
// track its steps name (the third-party track). From the server's imported tracks, else the
// shipped demo tracks (what consoles use before the organisation imports its own).
import { DEMO_TRACKS, TalkTrack } from '../../shared/talktrack';
import type { ServerStore } from '../store/store';
import { otherTrackIds, trackRef, type TrackBook } from './timeline';

function readTrack(body: unknown): TalkTrack | null {
  const parsed = TalkTrack.safeParse(body);
  return parsed.success ? parsed.data : null;
}

export async function tracksFor(store: ServerStore, trackId: unknown, stepIds: readonly string[]): Promise<TrackBook> {
  const ref = trackRef(trackId);
  const main = ref
    ? readTrack(await store.talkTrackVersion(ref.id, ref.version)) ?? DEMO_TRACKS.find((t) => t.id === ref.id && t.version === ref.version) ?? null
    : null;
  const byId = new Map<string, TalkTrack>();
  for (const id of otherTrackIds(stepIds)) {
    // The third-party track's version is not logged: its active one (steps rarely change ids).
    const track = readTrack(await store.activeTalkTrack(id)) ?? DEMO_TRACKS.find((t) => t.id === id) ?? null;
    if (track) byId.set(id, track);
  }
  return { main, byId };
}
