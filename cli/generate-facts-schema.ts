// Writes docs/compliance/facts.schema.json from the zod schema (npx tsx cli/generate-facts-schema.ts).
import { writeFileSync } from 'node:fs';
import { factsJsonSchemaText } from '../shared/compliance/schema';

writeFileSync(new URL('../docs/compliance/facts.schema.json', import.meta.url), factsJsonSchemaText());
console.log('wrote docs/compliance/facts.schema.json');
