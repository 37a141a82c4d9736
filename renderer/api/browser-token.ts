// The browser shell's per-run token arrives in the URL fragment (#token=…). It is kept for this
// tab only (sessionStorage, so a reload still works) and removed from the visible URL.
const KEY = 'fairline.token';

function tokenInHash(location: Location): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('token');
}

export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const fromUrl = tokenInHash(location);
  if (fromUrl) {
    storage.setItem(KEY, fromUrl);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromUrl;
  }
  return storage.getItem(KEY);
}

/**
 * Pasting the printed URL into a tab already on this page only changes the fragment, which
 * does not reload it; reload so the new token is taken and a fresh connection made.
 */
export function reloadOnNewToken(window: Window): void {
  window.addEventListener('hashchange', () => {
    if (tokenInHash(window.location)) window.location.reload();
  });
}
