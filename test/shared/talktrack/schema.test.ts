// The published JSON Schema is generated from the zod schema and must not go stale; the
// examples beside it must import (or fail) as their names say.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importTalkTrack, talkTrackJsonSchemaText } from '../../../shared/talktrack';

const docs = new URL('../../../docs/talk-tracks/', import.meta.url);

describe('talk-track JSON Schema', () => {
  it('docs/talk-tracks/talk-track.schema.json is up to date (regenerate: npx tsx cli/generate-talktrack-schema.ts)', () => {
    expect(readFileSync(new URL('talk-track.schema.json', docs), 'utf8')).toBe(talkTrackJsonSchemaText());
  });

  it('describes steps as say, question and end, and end outcomes as the wrap-up codes', () => {
    const schema = JSON.parse(talkTrackJsonSchemaText());
    expect(schema.required).toEqual(['id', 'version', 'locale', 'pack', 'kind', 'title', 'steps']);
    const variants = schema.properties.steps.items.oneOf;
    expect(variants.map((v: { properties: { type: { const: string } } }) => v.properties.type.const)).toEqual(['say', 'question', 'end']);
    expect(variants[2].properties.outcome.enum).toContain('cease_request');
  });
});

describe('examples in docs/talk-tracks/examples', () => {
  const dir = new URL('examples/', docs);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(files)('%s imports as its name says', (file) => {
    const result = importTalkTrack(readFileSync(new URL(file, dir), 'utf8'));
    expect(result.ok).toBe(!file.startsWith('invalid-'));
  });
});
