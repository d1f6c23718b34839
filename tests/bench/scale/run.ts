import { writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

import type { PrismaClient } from "@prisma/client";

import type { DatabaseProvider } from "~/db-provider.server";

import { useProductionLikeEnvironment } from "../../support/app-env";
import { createEmptyDatabase } from "../../support/database";
import { apiReader } from "../api-reader";
import { MERCHANT_SCALE, seedScaleShop, type ScaleShop, type ScaleSize } from "./dataset";

/**
 * `npm run bench`, the merchant-scale part (issue #17): seeds one shop of 10 000 orders on SQLite
 * and on PostgreSQL, runs each path many times, and prints path, target, p50, p95 and the ratio
 * to the target, with the database and the machine's load. Run as a script it writes the table to
 * docs/bench-results.md; the integration suite runs it tiny, to prove it works (bench-smoke).
 */

export interface BenchRow {
  path: string;
  targetMs: number;
  p50: number;
  p95: number;
  database: DatabaseProvider;
  load: number;
}

interface BenchPath {
  path: string;
  targetMs: number;
  run: () => Promise<unknown>;
}

const SHOP = "bench.myshopify.com";

/** The paths measured, against the shop `scale` holds. */
async function benchPaths(db: PrismaClient, scale: ScaleShop): Promise<BenchPath[]> {
  const { DEFAULT_INDEX_QUERY } = await import("~/domain/purchase-order/index-query");
  const { searchIndex } = await import("~/services/purchase-order-search.server");
  const { loadOrderState } = await import("~/services/purchase-order-lifecycle.server");
  const { listOrderAudit } = await import("~/services/audit.server");
  const { listDeliveries } = await import("~/services/deliveries.server");
  const { cardsData } = await import("~/services/purchase-order-page.server");
  const { handleApiRequest } = await import("~/api/router.server");
  const { createApiKey } = await import("~/services/api-keys.server");
  const { key } = await createApiKey(db, scale.shopDomain, { type: "system", id: "bench" }, { name: "Bench", scope: "read" });
  const reader = apiReader(db, (request) => handleApiRequest(db, request), key);
  const api = async (path: string) => {
    // The key's rate limit is not what is measured: its bucket is full for every call.
    await reader.refill();
    await reader.get(path);
  };
  const index = (query: Partial<typeof DEFAULT_INDEX_QUERY>) => () => searchIndex(db, scale.shopDomain, { ...DEFAULT_INDEX_QUERY, ...query });
  return [
    { path: "Index, page 1", targetMs: 50, run: index({}) },
    { path: "Index, Open tab", targetMs: 50, run: index({ tab: "open" }) },
    { path: "Index, one supplier", targetMs: 50, run: index({ supplierIds: [scale.supplierIds[3]!] }) },
    { path: "Index, search a reference", targetMs: 50, run: index({ search: "REF-7777" }) },
    { path: "API list, 50 per page", targetMs: 50, run: () => api("/api/v1/purchase_orders?per_page=50") },
    { path: "API list, 250 per page", targetMs: 100, run: () => api("/api/v1/purchase_orders?per_page=250") },
    {
      path: `Order page's reads, ${scale.largeOrderLines}-line order`,
      targetMs: 60,
      run: async () => {
        const order = await loadOrderState(db, scale.shopDomain, scale.largeOrderId);
        await Promise.all([
          listOrderAudit(db, scale.shopDomain, order.id),
          listDeliveries(db, scale.shopDomain, order.id),
          cardsData(db, scale.shopDomain, order),
        ]);
      },
    },
  ];
}

/** p50 and p95 of `iterations` timed runs, after `warmup` untimed ones. */
async function measure(run: () => Promise<unknown>, iterations: number, warmup: number): Promise<{ p50: number; p95: number }> {
  for (let index = 0; index < warmup; index += 1) await run();
  const times: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (quantile: number) => times[Math.min(times.length - 1, Math.ceil(quantile * times.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

export async function runScaleBench(options: {
  providers: readonly DatabaseProvider[];
  size: ScaleSize;
  iterations: number;
  warmup: number;
  log?: (line: string) => void;
}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const database of options.providers) {
    const empty = await createEmptyDatabase(database);
    try {
      useProductionLikeEnvironment(empty.url);
      const { applyMigrations } = await import("~/migrations.server");
      const { createPrismaClient } = await import("~/db-client.server");
      await applyMigrations(empty.url);
      const db = createPrismaClient(empty.url);
      try {
        const seeding = performance.now();
        const scale = await seedScaleShop(db, SHOP, options.size);
        options.log?.(`${database}: seeded ${scale.orders} orders, ${scale.lines} lines in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
        for (const path of await benchPaths(db, scale)) {
          const { p50, p95 } = await measure(path.run, options.iterations, options.warmup);
          rows.push({ path: path.path, targetMs: path.targetMs, p50, p95, database, load: os.loadavg()[0]! });
        }
      } finally {
        await db.$disconnect();
      }
    } finally {
      await empty.drop();
    }
  }
  return rows;
}

/** The results as a Markdown table. */
export function benchTable(rows: readonly BenchRow[]): string {
  const ms = (value: number) => value.toFixed(1);
  return [
    "| path | database | target p95 (ms) | p50 | p95 | p95 ÷ target | load (1 min) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (row) =>
        `| ${row.path} | ${row.database} | ${row.targetMs} | ${ms(row.p50)} | ${ms(row.p95)} | ${(row.p95 / row.targetMs).toFixed(2)}${row.p95 > row.targetMs ? " ✗" : ""} | ${row.load.toFixed(2)} |`,
    ),
  ].join("\n");
}

async function main(): Promise<void> {
  const started = new Date();
  const rows = await runScaleBench({ providers: ["sqlite", "postgresql"], size: MERCHANT_SCALE, iterations: 60, warmup: 5, log: console.log });
  const table = benchTable(rows);
  console.log(table);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  writeFileSync(
    "docs/bench-results.md",
    [
      "# Benchmark results (`npm run bench`, merchant scale)",
      "",
      `Run ${started.toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}: one shop of ${MERCHANT_SCALE.orders.toLocaleString("en-US")} orders ` +
        `(about ${MERCHANT_SCALE.linesPerOrder} lines each, one of ${MERCHANT_SCALE.largeOrderLines}), each path 60 times after 5 warm-up runs. ✗: above its target.`,
      "",
      table,
      "",
    ].join("\n"),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
