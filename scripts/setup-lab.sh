#!/usr/bin/env bash
# Installs the Debian packages the call lab (`npm run lab`, `vitest --project lab`) drives:
# Kamailio with its WebSocket modules (the SIP proxy), espeak-ng and sox (the debtors' voices
# and tones) and Chromium (the simulated debtors and agent phones); and for the softphone's
# tests against peers that are not browsers (test/e2e/softphone-peers.test.ts): rtpengine (the
# WebRTC-to-RTP media bridge, userspace), SIPp (sip-tester), baresip and coturn (TURN). Safe to
# run again: it installs only what is missing, runs `apt-get update` at most once, and says
# what it did.
set -euo pipefail

# Each package is checked by the file the lab actually uses: a package can be half-present
# (kamailio without its WebSocket module), and the module directory is arch-specific.
has_websocket_module() {
  compgen -G "/usr/lib/*/kamailio/modules/websocket.so" >/dev/null || [ -f /usr/lib/kamailio/modules/websocket.so ]
}

missing=()
[ -x /usr/sbin/kamailio ] || missing+=(kamailio)
has_websocket_module || missing+=(kamailio-websocket-modules)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || missing+=(sox)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/rtpengine ] || missing+=(rtpengine-daemon)
[ -x /usr/bin/sipp ] || missing+=(sip-tester)
[ -x /usr/bin/baresip ] || missing+=(baresip-core)
[ -x /usr/bin/turnserver ] || missing+=(coturn)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-lab: nothing to install (kamailio, kamailio-websocket-modules, espeak-ng, sox, chromium, rtpengine, sipp, baresip, coturn are present)"
  exit 0
fi

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Another apt run (a colleague's setup script) may hold the lock: wait for it rather than fail.
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
echo "setup-lab: installing ${missing[*]}"
$SUDO apt-get "${APT_OPTS[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}"

# Debian starts kamailio, rtpengine and coturn services on install where systemd runs; the lab
# runs its own instances on free ports, so system ones are merely harmless. Do not touch them.
echo "setup-lab: installed ${missing[*]}"
for bin in kamailio espeak-ng sox chromium rtpengine sipp baresip turnserver; do
  printf 'setup-lab:   %-10s %s\n' "$bin" "$(command -v "$bin" || echo MISSING)"
done
