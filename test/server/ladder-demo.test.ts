// The demo as `npm start` serves it (docs/ladder.md): the seed imports the default ladder's texts,
// so the ladder's first pass on the demo portfolio sends its texts (or records the gate's refusal)
// instead of failing every one for want of a template.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_LADDER_TEMPLATES, DEFAULT_POLICIES } from '../../shared/ladder/defaults';
import { runLadder } from '../../server/jobs/ladder';
import { LadderService, type RunSummary } from '../../server/ladder/service';
import { MessagingService } from '../../server/messaging/service';
import { NOW, type TestServer, describeEachStore, startTestServer } from './helpers';

describeEachStore('the ladder on the demo seed', (kind) => {
  let server: TestServer;
  const texts: { to: string; text: string }[] = [];
  let summary: RunSummary;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    const sms = { submit: async (to: string, text: string) => { texts.push({ to, text }); return { providerId: `smsc-${texts.length}` }; } };
    summary = await runLadder(new LadderService(server.store, new MessagingService(server.store, { sms }, () => NOW), () => NOW), { info: () => {} });
  }, 180_000);

  afterAll(async () => { await server?.stop(); });

  it('has every text the default policies send, for their region’s pack', async () => {
    const active = await server.store.messaging.activeTemplates();
    const named = DEFAULT_POLICIES.flatMap((p) => p.treatments.flatMap((t) => (t.action.kind === 'sms' || t.action.kind === 'email' ? [t.action.templateId] : [])));
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(active.map((t) => t.id), id).toContain(id);
    expect(active.filter((t) => t.id.includes('-ladder-')).map((t) => t.id).sort()).toEqual(DEFAULT_LADDER_TEMPLATES.templates.map((t) => t.id).sort());
  });

  it('sends the first pass’s texts in the templates’ words, and none fails', async () => {
    expect(summary.accounts).toBeGreaterThan(0);
    expect(summary.failed).toBe(0);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((t) => t.text.includes('您好') && t.text.includes('退订'))).toBe(true);
  });
});
