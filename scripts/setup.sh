#!/usr/bin/env bash
# Brings a fresh Debian 12 clone (Node 20, run as root) to a state where Växel runs:
# Debian packages first, then npm dependencies, then the console's static build.
# Usage: scripts/setup.sh [--test]   (--test also installs what the test suites need)
set -euo pipefail
cd "$(dirname "$0")/.."

want=(espeak-ng ffmpeg)
if [ "${1:-}" = "--test" ]; then
  want+=(postgresql sip-tester baresip chromium sox)
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages (${missing[*]}); install them with apt-get as root" >&2
  fi
fi

# npm dependencies: install when missing or when the lock file changed since the last install.
stamp=node_modules/.vaxel-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm dependencies (better-sqlite3 builds from source, about a minute)"
  # npm install, not npm ci: npm leaves platform-only optional packages (vite's Windows helper) out of
  # the lock file and npm ci then refuses the lock as out of sync.
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

# The console: build when the sources are newer than the last build.
if [ -f apps/web/vite.config.ts ]; then
  if [ ! -f apps/web/dist/index.html ] || [ -n "$(find apps/web/src apps/web/index.html packages/domain/src -newer apps/web/dist/index.html -print -quit 2>/dev/null)" ]; then
    echo "setup: building the console"
    npm run build -w @vaxel/web --silent >/dev/null
  fi
fi
