// The stage ladder's job (docs/ladder.md). A pass looks at every account and acts on those whose
// day has come at their address (the policy's hour in the account's zone) and is not yet done;
// what a pass did is recorded so the next one does nothing twice. Passes run every 15 minutes on
// every instance: each account's day starts at its own hour, and the claims in the store keep
// two instances from acting twice. It reads the server's clock, so a training clock
// (FAIRLINE_CLOCK) walks the ladder on the training day.
import type { FastifyBaseLogger } from 'fastify';
import type { LadderService, RunSummary } from '../ladder/service';

export const LADDER_EVERY_MS = 15 * 60 * 1000;

export async function runLadder(ladder: LadderService, log: Pick<FastifyBaseLogger, 'info'>): Promise<RunSummary> {
  const summary = await ladder.run();
  if (summary.accounts > 0) log.info(summary, 'stage ladder pass');
  return summary;
}

/** Runs a pass now and every `everyMs` (one at a time); answers how to stop. */
export function scheduleLadder(ladder: LadderService, log: Pick<FastifyBaseLogger, 'info' | 'error'>, everyMs = LADDER_EVERY_MS): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runLadder(ladder, log).catch((err: unknown) => log.error({ err }, 'stage ladder pass failed')).finally(() => { running = false; });
  };
  const first = setTimeout(tick, 30_000);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return () => { clearTimeout(first); clearInterval(timer); };
}
