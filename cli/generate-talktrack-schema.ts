// Writes docs/talk-tracks/talk-track.schema.json from the zod schema (npx tsx cli/generate-talktrack-schema.ts).
import { writeFileSync } from 'node:fs';
import { talkTrackJsonSchemaText } from '../shared/talktrack/schema';

writeFileSync(new URL('../docs/talk-tracks/talk-track.schema.json', import.meta.url), talkTrackJsonSchemaText());
console.log('wrote docs/talk-tracks/talk-track.schema.json');
