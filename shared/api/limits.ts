// Size limits every host of the API shares. The browser shell carries each request as one
// WebSocket frame, so nothing sent through the API may be larger than one frame: files cross
// it in chunks instead, and a request over the limit is refused before it is sent.

/** The largest request either host accepts in one piece (bytes of JSON). */
export const MAX_API_MESSAGE_BYTES = 1_000_000;

/** Files cross the API in chunks of this many bytes (about 350 KB once base64-encoded). */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** The base64 length of one full chunk. */
export const FILE_CHUNK_BASE64_CHARS = Math.ceil(FILE_CHUNK_BYTES / 3) * 4;

/** A visit photo is kept as taken, up to this size. */
export const MAX_PHOTO_BYTES = 16 * 1024 * 1024;

/** A size in words people read: "16 MB", "1 MB", "256 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
