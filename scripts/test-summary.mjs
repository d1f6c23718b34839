// Totals the JSON reports of vitest and of each Playwright run into one plain line: "N passed, N failed".
// A missing report counts as a failure: a runner that crashed before reporting ran nothing.
import { existsSync, readFileSync } from "node:fs";

const [vitestReport, ...playwrightReports] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (vitestReport && existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
  skipped += report.numPendingTests + report.numTodoTests;
} else {
  console.error(`missing vitest report ${vitestReport}`);
  failed += 1;
}

for (const playwrightReport of playwrightReports) {
  if (existsSync(playwrightReport)) {
    const { stats, errors = [] } = JSON.parse(readFileSync(playwrightReport, "utf8"));
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected + errors.length;
    skipped += stats.skipped;
  } else {
    console.error(`missing Playwright report ${playwrightReport}`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
