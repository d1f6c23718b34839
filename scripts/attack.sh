#!/usr/bin/env bash
# `npm run test:attack`: the attack suite (tests/attack) over real HTTP, then its figures.
#   npm run test:attack              the short run (the one `npm test` also runs)
#   npm run test:attack -- --long    the long run (many cases per target; figures for the README)
# ATTACK_SEED=<n> replays a run; ATTACK_CASES=<n> sets the cases per target.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--long" ]; then
  export ATTACK_LONG=1
  shift
fi
rm -rf tests/output/attack
npm run --silent generate >/dev/null || { echo "prisma generate failed" >&2; exit 1; }
npx vitest run tests/attack "$@"
status=$?
node scripts/attack-report.mjs tests/output/attack || status=1
exit "$status"
