// What the board shows as an agent's last outcome: the wrap-up as the core logged it.
import type { TimelineItem } from '../../../shared/api/contract';

/** The outcome of the newest wrap-up this console logged on the account, as the core stored it. */
export function savedOutcome(timeline: readonly TimelineItem[]): string | null {
  let newest: TimelineItem | null = null;
  for (const item of timeline) {
    if (item.source !== 'local' || item.kind !== 'call.outcome' || !item.result) continue;
    if (!newest || Date.parse(item.at) > Date.parse(newest.at)) newest = item;
  }
  return newest?.result ?? null;
}
