// The published JSON Schema is generated from the zod schema and must not go stale; the
// examples beside it must stay valid.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Facts, FactsDocument } from '../../../shared/compliance/facts';
import { factsJsonSchemaText } from '../../../shared/compliance/schema';
import { PackOverrides } from '../../../shared/compliance/tighten';

const docs = new URL('../../../docs/compliance/', import.meta.url);

describe('facts JSON Schema', () => {
  it('docs/compliance/facts.schema.json is up to date (regenerate: npx tsx cli/generate-facts-schema.ts)', () => {
    expect(readFileSync(new URL('facts.schema.json', docs), 'utf8')).toBe(factsJsonSchemaText());
  });

  it('describes the attempt, debtor, third parties and history', () => {
    const schema = JSON.parse(factsJsonSchemaText());
    expect(schema.required).toEqual(['attempt', 'debtor']);
    expect(schema.properties.history.items.properties.result.enum).toEqual([
      'conversation', 'no_answer', 'voicemail', 'limited_content_message', 'busy', 'not_in_service', 'failed',
    ]);
    expect(schema.properties.debtor.properties.holds.items.properties.kind.enum).toEqual(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased', 'do_not_call', 'sms_opt_out', 'email_opt_out']);
  });
});

describe('examples in docs/compliance/examples', () => {
  const dir = new URL('examples/', docs);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(files)('%s parses as what it is', (file) => {
    const json = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    if (file.startsWith('invalid-')) expect(FactsDocument.safeParse(json).success).toBe(false);
    else if (file.startsWith('org-')) expect(PackOverrides.safeParse(json).success).toBe(true);
    else if (file.includes('audit')) expect(Facts.safeParse(json).success).toBe(true);
    else expect(FactsDocument.safeParse(json).error).toBeUndefined();
  });
});
