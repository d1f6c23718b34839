// Totals the JSON reports of each vitest and Playwright run into one plain line: "N passed, N failed".
// A missing report counts as a failure: a runner that crashed before reporting ran nothing.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;

// A vitest report (numPassedTests, …) or a Playwright one (stats), in any order.
for (const path of process.argv.slice(2)) {
  if (!existsSync(path)) {
    console.error(`missing test report ${path}`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(path, "utf8"));
  if (report.stats) {
    const { stats, errors = [] } = report;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected + errors.length;
    skipped += stats.skipped;
  } else {
    passed += report.numPassedTests;
    // A failed test once; a file that failed with no failed test (it did not load, a hook threw) once too.
    // (numFailedTestSuites counts a failed test's file and each describe around it again.)
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
    ).length;
    failed += report.numFailedTests + brokenFiles;
    skipped += report.numPendingTests + report.numTodoTests;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
