#!/usr/bin/env bash
# The page tests drive Debian's Chromium with Playwright (the browser download Playwright offers does not
# work here). Install it when missing and we are allowed to; otherwise say exactly what to do.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium for the browser tests (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  exit 0
fi
echo "note: /usr/bin/chromium is missing and cannot be installed here (needs root + apt-get)." >&2
echo "      Install Debian's 'chromium' package to run the page tests; they are skipped without it." >&2
if [[ "${CI:-}" == "true" ]]; then
  echo "error: CI must run the browser tests" >&2
  exit 1
fi
