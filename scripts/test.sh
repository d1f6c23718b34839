#!/usr/bin/env bash
# `npm test`: every test runner, then one plain total line ("N passed, N failed").
#  1. vitest: domain unit tests, the stand-in's tests, integration tests over real HTTP and
#     real SQLite files;
#  2. vitest's integration and attack suites again on PostgreSQL (one fresh database per test
#     file on the server at 127.0.0.1:5432, see tests/support/database.ts);
#  3. Playwright: the demo in Debian's chromium (screenshots in tests/output/screenshots).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/output/screenshots
rm -f tests/output/vitest.json tests/output/vitest-postgresql.json tests/output/playwright.json tests/output/playwright-fresh.json

npm run --silent generate >/dev/null || { echo "prisma generate failed" >&2; exit 1; }

# The type checker first: strict TypeScript is part of the test.
if ! npx tsc --noEmit -p .; then
  echo "typecheck failed"
  echo "0 passed, 1 failed"
  exit 1
fi

npx vitest run --reporter=default --reporter=json --outputFile.json=tests/output/vitest.json
vitest_status=$?
INBOUND_TEST_DATABASE=postgresql npx vitest run tests/integration tests/attack \
  --reporter=default --reporter=json --outputFile.json=tests/output/vitest-postgresql.json
postgresql_status=$?
npx playwright test
playwright_status=$?
# Specs that count every order of the store, against a fresh demo of their own (playwright.config.ts).
E2E_FRESH=1 E2E_APP_PORT=3150 E2E_REPORT=tests/output/playwright-fresh.json npx playwright test
fresh_status=$?

node scripts/test-summary.mjs tests/output/vitest.json tests/output/vitest-postgresql.json tests/output/playwright.json tests/output/playwright-fresh.json
summary_status=$?
[ "$vitest_status" -eq 0 ] && [ "$postgresql_status" -eq 0 ] && [ "$playwright_status" -eq 0 ] && [ "$fresh_status" -eq 0 ] && [ "$summary_status" -eq 0 ]
