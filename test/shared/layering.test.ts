// The layering in DESIGN.md is enforced by lint; these cases prove the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules', () => {
  it.each([
    ['shared/domain/x.ts', "import { readFileSync } from 'node:fs';", /does no I\/O/],
    ['shared/domain/x.ts', "import { createCore } from '../../electron/core/core';", /imports nothing from the other folders/],
    ['renderer/app/x.ts', "import { createCore } from '../../electron/core/core';", /only through shared\/api/],
    ['renderer/app/x.ts', "import Database from 'better-sqlite3';", /UI only/],
    ['renderer/features/queue/x.ts', "import { UserAgent } from 'sip.js';", /Only renderer\/softphone/],
    ['electron/core/x.ts', "import { app } from 'electron';", /runs without Electron/],
    ['electron/hosts/x.ts', "import { App } from '../../renderer/app/App';", /meets the renderer only/],
    ['server/routes/x.ts', "import { createCore } from '../../electron/core/core';", /shares only shared/],
  ])('%s may not %s', async (file, code, message) => {
    expect(await errorsFor(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it('allows what the design allows', async () => {
    expect(await errorsFor('renderer/softphone/x.ts', "import { UserAgent } from 'sip.js';")).toEqual([]);
    expect(await errorsFor('electron/core/x.ts', "import { contract } from '../../shared/api/contract';")).toEqual([]);
    expect(await errorsFor('server/routes/x.ts', "import { PushRequest } from '../../shared/sync/protocol';")).toEqual([]);
  });
});
