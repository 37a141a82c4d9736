// Wiping a console the central server has revoked (its device, or its agent's account): once
// everything it held unsent has been handed in, its database (with WAL and journal), recordings,
// photos, staged files, review cache, device secret and key file are removed, and a note of why
// is left in `wiped.json` (no personal data: the reason and the time). The note keeps the
// console from starting again on that data directory: it says why, and never signs in again.
// The key file goes first: from then on nothing left behind (a file the OS kept open, blocks on
// disk) can be decrypted.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { WipeReason } from '../../../shared/api/security';
import { PRIVATE_FILE_MODE } from '../files/private-files';
import { SEALED_DIRS, type Vault } from './vault';

export const WIPE_NOTE = 'wiped.json';
const WipeNote = z.object({ reason: WipeReason, at: z.iso.datetime({ offset: true }) });
export type WipeNote = z.infer<typeof WipeNote>;

export function readWipe(dataDir: string): WipeNote | null {
  const file = join(dataDir, WIPE_NOTE);
  if (!existsSync(file)) return null;
  try {
    const parsed = WipeNote.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    // A damaged note still means the console was wiped: it must not start on this directory.
    return parsed.success ? parsed.data : { reason: 'device_revoked', at: new Date(0).toISOString() };
  } catch {
    return { reason: 'device_revoked', at: new Date(0).toISOString() };
  }
}

/** Removes every console file of the data directory (not an embedded server's) and leaves the note. */
export function wipeLocalData(dataDir: string, databaseFile: string, vault: Vault, note: WipeNote): void {
  writeFileSync(join(dataDir, WIPE_NOTE), `${JSON.stringify(note)}\n`, { mode: PRIVATE_FILE_MODE });
  vault.destroy();
  const databases = new Set([basename(databaseFile)]);
  for (const name of readdirSync(dataDir)) if (/^fairline.*\.db$/.test(name)) databases.add(name);
  for (const name of databases) {
    for (const suffix of ['', '-wal', '-shm', '-journal', '.encrypting']) rmSync(join(dataDir, `${name}${suffix}`), { force: true });
  }
  for (const dir of SEALED_DIRS) rmSync(join(dataDir, dir), { recursive: true, force: true });
  for (const name of ['database.json', 'device.secret']) rmSync(join(dataDir, name), { force: true });
}
