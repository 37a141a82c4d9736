// The lab tests drive real Kamailio, real Chromium and real media. Missing tools are a
// failure with the fix in the message, never a silent skip: CI installs them.
import { missingPackages } from '../../lab/requirements';

export default function setup(): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  throw new Error(`\n\n*** The lab tests need Debian packages that are missing: ${missing.join(', ')}\n*** Install them with: bash scripts/setup-lab.sh\n`);
}
