#!/usr/bin/env node
// `npx fairline-compliance …`: runs cli/fairline-compliance.ts through tsx (a devDependency of
// this repository), so the CLI needs no build step in a checkout after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/fairline-compliance.ts');
process.exitCode = main(process.argv.slice(2));
