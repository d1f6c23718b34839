#!/usr/bin/env bash
# `npm test`: the type checker, the lint and the format check, every test runner, then one plain
# total line ("N passed, N failed").
#  1. vitest: domain unit tests, the stand-in's tests, integration tests over real HTTP and
#     real SQLite files;
#  2. vitest's integration and attack suites again on PostgreSQL (one fresh database per test
#     file on the server at 127.0.0.1:5432, see tests/support/database.ts);
#  3. Playwright: the demo in Debian's chromium (screenshots in tests/output/screenshots), then
#     the specs that count every order against a fresh demo, then the walk on a production build
#     (playwright.prod.config.ts, its demo on PostgreSQL; its build counts in its time, printed).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/output/screenshots
rm -f tests/output/vitest.json tests/output/vitest-postgresql.json tests/output/playwright.json tests/output/playwright-fresh.json tests/output/playwright-prod.json

npm run --silent generate >/dev/null || { echo "prisma generate failed" >&2; exit 1; }

# The type checker first: strict TypeScript is part of the test.
if ! npx tsc --noEmit -p .; then
  echo "typecheck failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Lint with zero warnings: typescript-eslint, React's hook rules and the import boundaries
# (docs/decisions/017-lint-and-format.md). Timed, because CI's run has a budget.
lint_started=$SECONDS
if ! npx eslint --max-warnings 0 .; then
  echo "lint failed"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "lint passed in $((SECONDS - lint_started)) s"

# Formatting (Prettier, .prettierrc.json): every file as `npm run format` writes it.
unformatted=$(npx prettier --list-different .)
format_status=$?
# Prettier exits 1 when files differ (and lists them); 1 with no list, or more, is a failure to run.
if [ "$format_status" -gt 1 ] || { [ "$format_status" -eq 1 ] && [ -z "$unformatted" ]; }; then
  echo "format check could not run (prettier exit $format_status)"
  echo "0 passed, 1 failed"
  exit 1
fi
if [ -n "$unformatted" ]; then
  printf '%s\n' "$unformatted"
  echo "format check failed: $(printf '%s\n' "$unformatted" | wc -l) files differ from Prettier's formatting (npm run format)"
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
# The walk on a production build (issue #15's acceptance): built first, so the build is timed with it.
# Its demo runs on PostgreSQL (issue #16: the lifecycle against the demo started on PostgreSQL), in
# a database named like the suites' (.ci/run drops those); the demo empties it when it starts.
prod_started=$SECONDS
walk_database="${INBOUND_TEST_POSTGRESQL_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
E2E_DATABASE_URL="${walk_database%/*}/inbound_test_demo_walk" E2E_APP_PORT=3170 E2E_REPORT=tests/output/playwright-prod.json \
  npx playwright test -c playwright.prod.config.ts
prod_status=$?
echo "production walk: $((SECONDS - prod_started)) s, build and start included"

node scripts/test-summary.mjs tests/output/vitest.json tests/output/vitest-postgresql.json tests/output/playwright.json tests/output/playwright-fresh.json tests/output/playwright-prod.json
summary_status=$?
[ "$vitest_status" -eq 0 ] && [ "$postgresql_status" -eq 0 ] && [ "$playwright_status" -eq 0 ] && [ "$fresh_status" -eq 0 ] && [ "$prod_status" -eq 0 ] && [ "$summary_status" -eq 0 ]
