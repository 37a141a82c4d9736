// A logged identity check in the call review's timeline (renderer/features/review/CallDetail.tsx
// StepLine), rendered in English and Chinese: a check recorded as nothing on file says so, and
// is neither a match nor a miss.
import { createInstance } from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { ReviewStep } from '../../shared/api/review';
import { catalogues } from '../../shared/i18n';
import { StepLine } from '../../renderer/features/review/CallDetail';
import { describeStep } from '../../server/review/timeline';

async function render(step: ReviewStep, lng: 'en' | 'zh-CN'): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: catalogues.en }, 'zh-CN': { translation: catalogues['zh-CN'] } }, lng, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(StepLine, { step, values: null, onPlay: null })));
}

// As the server describes the logged steps (server/review/timeline.ts).
const logged = (stepId: string, fields: { passed?: boolean; result?: 'not_on_file' }) =>
  ReviewStep.parse({ stepId, atMs: 2_000, ...describeStep(stepId, { main: null, byId: new Map() }, fields) });

describe('an identity check in the review timeline', () => {
  it('shows "Not on file" / 无记录 for a check with nothing on file, and no match or miss', async () => {
    const step = logged('verify:idLast4', { result: 'not_on_file' });
    const en = await render(step, 'en');
    expect(en).toContain('Last 4 of ID number');
    expect(en).toContain('Not on file');
    expect(en).not.toMatch(/Matched|Did not match/);
    const zh = await render(step, 'zh-CN');
    expect(zh).toContain('身份证号后四位');
    expect(zh).toContain('无记录');
    expect(zh).not.toMatch(/一致/);
  });

  it('shows the result of a compared check, and nothing for a log that does not say', async () => {
    expect(await render(logged('verify:dateOfBirth', { passed: false }), 'en')).toContain('Did not match');
    expect(await render(logged('verify:dateOfBirth', { passed: true }), 'zh-CN')).toContain('一致');
    const silent = await render(logged('verify:dateOfBirth', {}), 'en');
    expect(silent).not.toMatch(/Matched|Did not match|Not on file/);
  });
});
