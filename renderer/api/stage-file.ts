// Hands a file to the core in chunks (files.stage), one API message each: the browser shell
// carries every message as one WebSocket frame, and a whole photo would be over its limit
// (shared/api/limits.ts). Chunks go one after another, so a failure stops at a known offset.
import { FILE_CHUNK_BYTES } from '../../shared/api/limits';
import type { Api } from './client';

export async function stageFile(api: Pick<Api, 'invoke'>, file: Blob, onProgress?: (sent: number, total: number) => void): Promise<string> {
  const uploadId = crypto.randomUUID();
  let offset = 0;
  do {
    const chunk = new Uint8Array(await file.slice(offset, offset + FILE_CHUNK_BYTES).arrayBuffer());
    await api.invoke('files.stage', { uploadId, offset, data: base64Of(chunk) });
    offset += chunk.length;
    onProgress?.(offset, file.size);
  } while (offset < file.size);
  return uploadId;
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes its arguments on the stack: a few thousand at a time.
  for (let i = 0; i < bytes.length; i += 0x2000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(binary);
}
