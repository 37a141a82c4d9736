// A console core in the test process, called the way its hosts call it: through `dispatch`,
// with inputs and answers checked against the contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { type Core, type CoreDeps, createCore } from '../../electron/core/core';

export interface TestConsole {
  core: Core;
  dataDir: string;
  api<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Closes the core and deletes its data directory. */
  close(): void;
}

export class ApiFailure extends Error {
  constructor(readonly method: string, readonly code: string, message: string) {
    super(`${method}: ${code} ${message}`);
  }
}

export function openConsole(serverUrl: string, deps: CoreDeps = {}, dataDir = mkdtempSync(join(tmpdir(), 'fairline-reliability-console-'))): TestConsole {
  const core = createCore({ dataDir, pinnedServerUrl: serverUrl, defaultServerUrl: serverUrl, host: 'browser', version: '0.0.0-reliability' }, {
    syncIntervalMs: 3_600_000, ...deps,
  });
  return {
    core,
    dataDir,
    async api(method, input) {
      const result = await dispatch(core.handlers, method, input, (err) => console.error(err));
      if (!result.ok) throw new ApiFailure(method, result.error.code, result.error.message);
      return result.value as never;
    },
    close: () => {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
