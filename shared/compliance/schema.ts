// The JSON Schema of the facts document, generated from the zod schema so the two cannot drift.
// docs/compliance/facts.schema.json holds its output (cli/generate-facts-schema.ts writes it; a
// test fails when the committed file is stale).
import { z } from 'zod';
import { FactsDocument } from './facts';

export function factsJsonSchema(): Record<string, unknown> {
  return {
    title: 'Fairline compliance facts',
    ...z.toJSONSchema(FactsDocument, { io: 'input', target: 'draft-2020-12' }),
  };
}

export function factsJsonSchemaText(): string {
  return `${JSON.stringify(factsJsonSchema(), null, 2)}\n`;
}
