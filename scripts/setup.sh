#!/usr/bin/env bash
# Sets a fresh Debian/Ubuntu machine up for Fairline: the system packages the tests drive
# (Chromium), then the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Chinese text in the console's screenshots (end-to-end tests) needs a CJK font.
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} from Debian's packages"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# The call lab the softphone tests drive: Kamailio, espeak-ng, sox (scripts/setup-lab.sh).
bash scripts/setup-lab.sh

# The Electron binary cannot be downloaded everywhere; the console falls back to the
# browser shell when it is missing, so never let its download fail the install.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# better-sqlite3 has no prebuilt binary for every platform; it builds from source (about 80 s).
npm ci --no-audit --no-fund
echo "setup: done. Start the console with 'npm start'; run every test with 'npm test'."
