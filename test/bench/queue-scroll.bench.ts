// Scrolling the virtualised queue through 100k accounts in Chromium: frame intervals while
// scrolling (95th percentile) against the same page sitting idle.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROMIUM, launchBrowser } from '../e2e/harness';
import { startBigConsole } from '../support/big-console';
import { type Bench, percentile } from './bench';

/** Frame intervals over `frames` animation frames, scrolling `step` pixels a frame (0 = idle). */
async function frameIntervals(page: Page, frames: number, step: number): Promise<number[]> {
  return page.evaluate(async ({ frames, step }) => {
    const list = document.querySelector('[data-testid="queue-scroller"]')!;
    const times: number[] = [];
    let last = performance.now();
    for (let i = 0; i < frames; i++) {
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const t = performance.now();
      times.push(t - last);
      last = t;
      if (step) (list as HTMLElement).scrollTop += step;
    }
    return times;
  }, { frames, step });
}

export const benches: Bench[] = [
  {
    name: 'queue.scroll.100k.p95-frame',
    async run() {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run npm run setup`);
      const app = await startBigConsole(100_000);
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(app.url);
        await page.getByTestId('queue-row').first().waitFor();
        const idle = await frameIntervals(page, 120, 0);
        const scrolling = await frameIntervals(page, 600, 1_200); // ~34 rows a frame, a fast flick
        return { value: percentile(scrolling, 95), unit: 'ms', baseline: percentile(idle, 95), baselineName: 'same page idle' };
      } finally {
        await browser.close();
        await app.close();
      }
    },
  },
];
