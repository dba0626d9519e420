#!/usr/bin/env bash
# Chromium for the web page's browser tests (tests/e2e/: Playwright's Python client drives
# Debian's /usr/bin/chromium; Playwright's own browser download is never used).
# Idempotent; runs as root on Debian.
set -euo pipefail

if ! [ -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null || true
echo "chromium ready: /usr/bin/chromium"
