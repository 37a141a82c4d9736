// Where the lab finds the Debian packages it drives (scripts/setup-lab.sh installs them),
// and which are missing: startLab and the lab tests fail with the fix rather than skip.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const KAMAILIO = process.env.KAMAILIO_PATH ?? '/usr/sbin/kamailio';
export const KAMCMD = process.env.KAMCMD_PATH ?? '/usr/sbin/kamcmd';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SOX = '/usr/bin/sox';
export const SOXI = '/usr/bin/soxi';
export const ESPEAK = '/usr/bin/espeak-ng';

const MODULE_DIRS = ['x86_64-linux-gnu', 'aarch64-linux-gnu', ''].map((arch) => join('/usr/lib', arch, 'kamailio/modules'));

/** Kamailio's module directory, if its WebSocket module is installed. */
export function kamailioModulesDir(): string | undefined {
  return MODULE_DIRS.find((dir) => existsSync(join(dir, 'websocket.so')));
}

/** Debian packages the lab needs that are not installed. */
export function missingPackages(): string[] {
  const missing: string[] = [];
  if (!existsSync(KAMAILIO)) missing.push('kamailio');
  if (!kamailioModulesDir()) missing.push('kamailio-websocket-modules');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync(ESPEAK)) missing.push('espeak-ng');
  if (!existsSync(SOX) || !existsSync(SOXI)) missing.push('sox');
  return missing;
}

/** Throws, naming the fix, if anything is missing. */
export function checkRequirements(): void {
  const missing = missingPackages();
  if (missing.length > 0) {
    throw new Error(`The call lab needs Debian packages that are missing: ${missing.join(', ')}. Install them with: bash scripts/setup-lab.sh`);
  }
}
