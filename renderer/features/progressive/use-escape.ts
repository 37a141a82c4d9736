import { useEffect, useRef } from 'react';

/**
 * Esc anywhere in the console while `enabled`, ahead of every other Esc handler (the account
 * screen's Esc goes back to the queue): it is caught on the window, before the document sees it.
 */
export function useEscape(action: () => void, enabled: boolean): void {
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent): void {
      if (event.key !== 'Escape' || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current();
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}
