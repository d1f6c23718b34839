import { describe, expect, it } from "vitest";

import { benchTable, plansText, runScaleBench } from "../bench/scale/run";
import { TEST_DATABASE_PROVIDER } from "../support/database";

/**
 * `npm run bench` at a size that proves it works (issue #17): it seeds its shop, runs every path
 * and reports each on the suite's database. No time is asserted: the benchmark measures, tests do not.
 */
describe("the merchant-scale benchmark, tiny", () => {
  it("seeds its shop and reports every path with its target", async () => {
    const { rows, plans } = await runScaleBench({
      providers: [TEST_DATABASE_PROVIDER],
      size: { orders: 40, linesPerOrder: 3, largeOrderLines: 12, writes: { sendLines: 20, confirmLines: 10, receiveLines: 5, completeLines: 5 } },
      iterations: 2,
      warmup: 1,
    });
    expect(rows.map((row) => row.path)).toEqual([
      "Index, page 1",
      "Index, Open tab",
      "Index, one supplier",
      "Index, search a reference",
      "Index, search a SKU",
      "Index, page 1, four requests at once",
      "API list, 50 per page",
      "API list, 250 per page",
      "API list, one supplier",
      "API search, item name",
      "Order page's reads, 12-line order",
      "Send, 20 lines",
      "Confirm all, 10 lines",
      "Receive, 5 lines",
      "Complete with cost sync, 5 lines",
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ database: TEST_DATABASE_PROVIDER });
      expect(row.p95).toBeGreaterThanOrEqual(row.p50);
      expect(row.targetMs).toBeGreaterThan(0);
    }
    expect(benchTable(rows).split("\n")).toHaveLength(2 + rows.length);
    // Every read but the concurrent one, each with its statements' plans.
    const reads = rows.filter((row) => !/^(Send|Confirm all|Receive|Complete)\b/.test(row.path) && !row.path.includes("at once"));
    expect(plans.map((plan) => plan.path)).toEqual(reads.map((row) => row.path));
    for (const plan of plans) {
      expect(plan.statements.length, plan.path).toBeGreaterThan(0);
      for (const statement of plan.statements) expect(statement.plan.length, statement.sql).toBeGreaterThan(0);
    }
    expect(plansText(plans)).toContain(`### Index, page 1 (${TEST_DATABASE_PROVIDER})`);
  });
});
