export const IPC_CHANNEL = 'fairline:invoke';
/** The renderer is served from this privileged scheme so it gets real headers (CSP) and an origin. */
export const APP_SCHEME = 'fairline';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
