#!/usr/bin/env bash
# The deploy test (test/integration/deploy-*.test.ts) runs Debian's nginx in front of the
# replicas, as an unprivileged process on 127.0.0.1 with its own prefix. `npm test` runs this
# first (pretest) and .ci/run relies on it: installs nginx with apt when /usr/sbin/nginx is
# missing, as root or through sudo, without starting Debian's own nginx service. Exits
# non-zero with one line saying what to do when it cannot; QUORUMPOINT_SKIP_NGINX=1 skips
# both this and the deploy test.
set -euo pipefail
if [ "${QUORUMPOINT_SKIP_NGINX:-}" = "1" ] || [ -x /usr/sbin/nginx ]; then exit 0; fi
# shellcheck source=lib/apt-ensure.sh
. "$(dirname "$0")/lib/apt-ensure.sh"
apt_ensure_root ensure-nginx /usr/sbin/nginx nginx QUORUMPOINT_SKIP_NGINX
echo "ensure-nginx: installing Debian's nginx for the deploy test (apt-get install -y nginx)" >&2
# policy-rc.d exit 101: the package must not start the system nginx on port 80 (the test runs its own).
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=0
if [ ! -e "$POLICY" ]; then printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null; $SUDO chmod +x "$POLICY"; ADDED_POLICY=1; fi
trap '[ "$ADDED_POLICY" = 1 ] && $SUDO rm -f "$POLICY"' EXIT
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
