// The host side of the contract: validate, call the handler, validate the answer, and turn
// any failure into a typed error. Shared by the Electron IPC host and the browser shell.
import { ApiError, type Result, validationError } from './errors';
import { contract, type Handlers, isMethodName } from './contract';

export async function dispatch(handlers: Handlers, method: unknown, input: unknown, onInternal?: (err: unknown) => void): Promise<Result> {
  try {
    if (!isMethodName(method)) throw new ApiError('VALIDATION', `Unknown method: ${String(method).slice(0, 80)}`);
    const spec = contract[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) throw validationError(parsed.error, `request for ${method}`);
    const handler = handlers[method] as (i: unknown) => Promise<unknown>;
    const output = await handler(parsed.data);
    const checked = spec.output.safeParse(output);
    if (!checked.success) throw new ApiError('INTERNAL', `The console produced an invalid answer for ${method}`);
    return { ok: true, value: checked.data };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toJSON() };
    onInternal?.(err);
    return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}
