#!/usr/bin/env bash
# The dashboard test (test/browser/) drives Debian's chromium through playwright-core.
# `npm test` runs this first (pretest) and .ci/run relies on it: installs chromium with apt
# when /usr/bin/chromium is missing, as root or through sudo. Exits non-zero with one line
# saying what to do when it cannot (no apt, or neither root nor sudo); QUORUMPOINT_SKIP_BROWSER=1
# skips both this and the browser test.
set -euo pipefail
if [ "${QUORUMPOINT_SKIP_BROWSER:-}" = "1" ] || [ -x /usr/bin/chromium ]; then exit 0; fi
# shellcheck source=lib/apt-ensure.sh
. "$(dirname "$0")/lib/apt-ensure.sh"
apt_ensure_root ensure-chromium /usr/bin/chromium chromium QUORUMPOINT_SKIP_BROWSER
echo "ensure-chromium: installing Debian's chromium for the browser test (apt-get install -y chromium)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
