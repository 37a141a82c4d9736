// The lead's ladder screen (renderer/ladder/LadderPlan.tsx) with the central server's own answer:
// the demo portfolio, the ladder run for today on the server's clock, then tomorrow's plan as the
// lead may read it, rendered in English and Chinese and shown in Chromium for the screenshots
// (test-results/screens/ladder-*.png).
import { readFileSync } from 'node:fs';
import { createInstance } from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../shared/i18n';
import { LadderPreview } from '../../shared/ladder/protocol';
import { runLadder } from '../../server/jobs/ladder';
import { LadderService } from '../../server/ladder/service';
import { MessagingService } from '../../server/messaging/service';
import { LadderPlan, planSummary } from '../../renderer/ladder/LadderPlan';
import { launchBrowser, screenshot } from '../e2e/harness';
import { type TestServer, call, loginAll, startTestServer } from '../server/helpers';

/** 10:30 in Beijing, 21:30 the day before in New York. */
const CLOCK = new Date('2026-12-07T02:30:00Z');

async function html(preview: LadderPreview, lng: 'en' | 'zh-CN'): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: catalogues.en }, 'zh-CN': { translation: catalogues['zh-CN'] } }, lng, interpolation: { escapeValue: false } });
  const t = i18n.t.bind(i18n);
  const body = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(LadderPlan, { preview })));
  const css = ['renderer/app/app.css', 'renderer/ladder/ladder.css'].map((f) => readFileSync(f, 'utf8')).join('\n');
  return `<!doctype html><html lang="${lng}"><head><meta charset="utf-8"><style>${css}</style></head><body><div class="ladder-view">`
    + `<div><h1>${t('ladder.title')}</h1><p class="muted">${t('ladder.intro')}</p></div>`
    + `<form class="ladder-controls"><label>${t('ladder.date')} <input type="date" value="${preview.date}"></label></form>${body}</div></body></html>`;
}

describe('the lead’s ladder screen', () => {
  let server: TestServer;
  let preview: LadderPreview;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, now: () => CLOCK });
    const { tokens } = await loginAll(server.url, ['lead'] as const);
    const sms = { submit: async () => ({ providerId: 'smsc' }) };
    await runLadder(new LadderService(server.store, new MessagingService(server.store, { sms }, () => CLOCK), () => CLOCK), { info: () => {} });
    const started = performance.now();
    const reply = await call(server.url, '/api/ladder/preview?date=2026-12-08', { token: tokens.lead });
    console.log(`ladder preview of the demo portfolio for tomorrow: ${Math.round(performance.now() - started)} ms`);
    preview = LadderPreview.parse(reply.body);
  }, 180_000);

  afterAll(async () => { await server?.stop(); });

  it('lists the moves and treatments with their rules and the gate’s refusals, in English and Chinese', async () => {
    const s = planSummary(preview);
    expect(s.accounts).toBeGreaterThan(0);
    expect(s.treatments).toBeGreaterThan(0);
    const en = await html(preview, 'en');
    const zh = await html(preview, 'zh-CN');
    expect(en).toContain(`${s.accounts} accounts · ${s.moves} stage moves · ${s.treatments} treatments · ${s.refused} refused by the gate`);
    expect(zh).toContain(`${s.accounts} 个账户`);
    const call1 = preview.items.find((i) => i.treatments.some((t) => t.kind === 'call'))!;
    expect(en).toContain(`Rule ${call1.treatments.find((t) => t.kind === 'call')!.rule}`);
    expect(zh).toContain('外呼任务');
    const refused = preview.items.flatMap((i) => i.treatments).find((t) => t.refusals.length > 0);
    // In words, not the server's rule ids alone (renderer/ladder/refusal-words.ts).
    if (refused) {
      expect(en).toContain('The gate would refuse:');
      expect(zh).toContain('合规闸门将拒绝：');
      for (const r of refused.refusals) expect(en).toContain(`rule ${r.rule}`);
    }
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      for (const [lng, doc] of [['en', en], ['zh-CN', zh]] as const) {
        await page.setContent(doc);
        await screenshot(page, `ladder-${lng}`);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
