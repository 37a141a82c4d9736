import { type DependencyList, useCallback, useEffect, useState } from 'react';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: unknown };

/**
 * Runs `load` when `deps` change (or on `reload`) and ignores answers that arrive too late.
 * With `keepWhileReloading`, a view already shown stays (and so do the forms inside it) until
 * the new answer replaces it: a background sync must not wipe what the agent is typing.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList, options: { keepWhileReloading?: boolean } = {}): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState((shown) => (options.keepWhileReloading && shown.status === 'ready' ? shown : { status: 'loading' }));
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, attempt]); // the caller lists what `load` depends on
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}
