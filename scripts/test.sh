#!/usr/bin/env bash
# Runs every test suite of Växel on a fresh Debian 12 clone: sets the machine up (Debian packages,
# npm dependencies, the console build), checks the formatting, type-checks, then runs unit, integration (SQLite and a real
# PostgreSQL that scripts/with-postgres.sh starts), SIP (sipp, baresip) and console (Chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test

echo "== format"
npm run --silent format:check   # Prettier (.prettierrc.json); npm run format rewrites what it lists

echo "== type check"
npx tsc -b
if [ -f apps/web/tsconfig.json ]; then npx tsc -p apps/web --noEmit; fi
npx tsc -p tsconfig.tests.json   # integration tests, end-to-end tests and benchmarks

echo "== tests"
mkdir -p test-results
status=0
scripts/with-postgres.sh npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?

# One plain closing line, whatever the reporter printed above.
if [ -f test-results/vitest.json ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
    // A file that fails before its tests run (an import, a beforeAll) counts as one failure.
    const brokenFiles = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
  '
fi
exit $status
