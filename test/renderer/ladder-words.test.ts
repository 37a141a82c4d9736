// The ladder in the lead's and the agent's language: the plan's refusals worded as the messages
// panel words the gate (its reasons and sources) or from the ladder's catalogue, never the server's
// English or a bare rule id; the account timeline's stage moves as moves by the collection ladder,
// not notes with a raw `ladder_stage` result.
import { readFileSync } from 'node:fs';
import { createInstance } from 'i18next';
import { type ReactElement, createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../shared/api/contract';
import { catalogues } from '../../shared/i18n';
import type { LadderPreview } from '../../shared/ladder/protocol';
import { Timeline } from '../../renderer/features/account/Timeline';
import { LadderPlan } from '../../renderer/ladder/LadderPlan';
import { launchBrowser, screenshot } from '../e2e/harness';

async function render(node: ReactElement, lng: 'en' | 'zh-CN'): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: catalogues.en }, 'zh-CN': { translation: catalogues['zh-CN'] } }, lng, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, node));
}

const SINCE = '2026-03-05T02:00:00.000Z';
/** Refusals as the server records them (server/ladder/service.ts, server/letters/issue.ts). */
const PREVIEW: LadderPreview = {
  date: '2026-03-07', generatedAt: '2026-03-06T02:00:00.000Z', teams: [{ id: 'team-cn', name: '华东一组' }],
  items: [{
    accountId: 'a1', ref: 'CN-0001', debtorName: '周丽', region: 'CN', teamId: 'team-cn', dpd: 12, tier: 'small', policy: 'cn-default@1', stage: 'early', move: null,
    treatments: [
      { rule: 'early-sms', kind: 'sms', detail: 'cn-ladder-overdue', refusals: [
        { rule: 'cn.hold.cease', message: 'hold.cease (account hold filed by compliance staff (lender instruction))', messageKey: 'hold.cease', params: { since: SINCE, debts: '', phone: '' }, source: 'account hold filed by compliance staff (lender instruction)' },
      ] },
      { rule: 'early-call', kind: 'call', detail: '', refusals: [{ rule: 'hold.cease', message: `A cease hold since ${SINCE}`, params: { kind: 'cease', since: SINCE } }] },
      { rule: 'late-visit', kind: 'visit', detail: '', refusals: [{ rule: 'ladder.no_field_agent', message: 'The account’s team has no field agent to visit it' }] },
      { rule: 'overdue-notice', kind: 'letter', detail: 'cn_overdue_notice (zh-CN)', refusals: [{ rule: 'letter.nothing_owed', message: 'Account CN-0001 has nothing owed', params: {} }] },
    ],
  }],
};

describe('the ladder in the lead’s language', () => {
  it('words each refusal of the plan in Chinese and in English, with the gate’s source and the rule beside it', async () => {
    const zh = await render(createElement(LadderPlan, { preview: PREVIEW }), 'zh-CN');
    expect(zh).toContain('合规闸门将拒绝：');
    expect(zh).toContain('对方已要求停止联系（自 2026');
    expect(zh).toContain('依据：');
    expect(zh).toContain('账户自 2026');
    expect(zh).toContain(`「${catalogues['zh-CN'].hold.cease}」限制`);
    expect(zh).toContain('该账户所属小组没有可安排外访的外访员。');
    expect(zh).toContain('该账户已无欠款。');
    expect(zh).toContain('规则 cn.hold.cease');
    for (const english of ['The person asked', 'has no field agent', 'nothing owed', 'A cease hold', 'hold.cease (']) expect(zh).not.toContain(english);

    const en = await render(createElement(LadderPlan, { preview: PREVIEW }), 'en');
    expect(en).toContain('The person asked the collector to cease communication (since ');
    expect(en).toContain('A “Cease contact” hold on the account since ');
    expect(en).toContain('The account’s team has no field agent for the visit.');
    expect(en).not.toContain(SINCE);
  });

  it('shows an unknown rule’s server text rather than nothing', async () => {
    const odd: LadderPreview = { ...PREVIEW, items: [{ ...PREVIEW.items[0]!, treatments: [{ rule: 'x', kind: 'sms', detail: '', refusals: [{ rule: 'ladder.new_reason', message: 'A reason this console does not know' }] }] }] };
    expect(await render(createElement(LadderPlan, { preview: odd }), 'zh-CN')).toContain('A reason this console does not know');
  });

  it('labels the ladder’s entries in the account timeline as stage moves by the collection ladder', async () => {
    const item = (id: string, note: string, at: string): TimelineItem => ({
      id, at, kind: 'note', actor: 'ladder', result: 'ladder_stage', note, amountMinor: null, dueDate: null, source: 'central',
    });
    const items = [item('m1', '— → pre_due · stage:pre_due', '2026-03-03T01:00:00.000Z'), item('m2', 'due → early · stage:early', '2026-03-11T01:00:00.000Z')];
    const zh = await render(createElement(Timeline, { items, currency: 'CNY' }), 'zh-CN');
    expect(zh).toContain('<strong>阶段变更</strong>');
    // The console's own stages by their names; one the organisation's ladder added, by its id.
    expect(zh).toContain(`由「due」进入「${catalogues['zh-CN'].stage.early}」，依据规则 stage:early`);
    expect(zh).not.toContain('「early」');
    expect(zh).toContain('进入「pre_due」，依据规则 stage:pre_due');
    expect(zh).toContain('催收阶梯');
    const en = await render(createElement(Timeline, { items, currency: 'CNY' }), 'en');
    expect(en).toContain('<strong>Stage move</strong>');
    expect(en).toContain(`due → ${catalogues.en.stage.early}, by rule stage:early`);
    expect(en).toContain('Collection ladder');
    for (const html of [zh, en]) {
      expect(html).not.toContain('ladder_stage');
      expect(html).not.toContain('· stage:');
    }
    // Seen in Chromium: test-results/screens/ladder-words-*.png (the timeline and the plan's refusals).
    const css = ['renderer/app/app.css', 'renderer/features/account/account.css', 'renderer/ladder/ladder.css'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
      for (const [lng, timeline] of [['en', en], ['zh-CN', zh]] as const) {
        const plan = await render(createElement(LadderPlan, { preview: PREVIEW }), lng);
        await page.setContent(`<!doctype html><html lang="${lng}"><head><meta charset="utf-8"><style>${css}</style></head><body><div class="ladder-view">${plan}${timeline}</div></body></html>`);
        await screenshot(page, `ladder-words-${lng}`);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
