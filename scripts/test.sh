#!/usr/bin/env bash
# `npm test`: every test runner, then one plain total line ("N passed, N failed").
#  1. vitest: domain unit tests, the stand-in's tests, integration tests over real HTTP and
#     real SQLite files;
#  2. Playwright: the demo in Debian's chromium (screenshots in tests/output/screenshots), then
#     the specs that count every order against a fresh demo, then the walk on a production build
#     (playwright.prod.config.ts; its build counts in its time, printed).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/output/screenshots
rm -f tests/output/vitest.json tests/output/playwright.json tests/output/playwright-fresh.json tests/output/playwright-prod.json

npm run --silent generate >/dev/null || { echo "prisma generate failed" >&2; exit 1; }

# The type checker first: strict TypeScript is part of the test.
if ! npx tsc --noEmit -p .; then
  echo "typecheck failed"
  echo "0 passed, 1 failed"
  exit 1
fi

npx vitest run --reporter=default --reporter=json --outputFile.json=tests/output/vitest.json
vitest_status=$?
npx playwright test
playwright_status=$?
# Specs that count every order of the store, against a fresh demo of their own (playwright.config.ts).
E2E_FRESH=1 E2E_APP_PORT=3150 E2E_REPORT=tests/output/playwright-fresh.json npx playwright test
fresh_status=$?
# The walk on a production build (issue #15's acceptance): built first, so the build is timed with it.
prod_started=$SECONDS
E2E_APP_PORT=3170 E2E_REPORT=tests/output/playwright-prod.json npx playwright test -c playwright.prod.config.ts
prod_status=$?
echo "production walk: $((SECONDS - prod_started)) s, build and start included"

node scripts/test-summary.mjs tests/output/vitest.json tests/output/playwright.json tests/output/playwright-fresh.json tests/output/playwright-prod.json
summary_status=$?
[ "$vitest_status" -eq 0 ] && [ "$playwright_status" -eq 0 ] && [ "$fresh_status" -eq 0 ] && [ "$prod_status" -eq 0 ] && [ "$summary_status" -eq 0 ]
