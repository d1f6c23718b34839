// A second app process on a test's SQLite file (started by startAppWriter or startAppWriterSession
// in processes.ts). With a job as its argument (AppWriterJob, JSON) it says "ready", waits for a
// line on stdin, runs the job and exits; without one it says "ready" and runs each job it is sent
// on stdin (one JSON line each) until stdin ends. Running a job: open `count` deliveries with the
// app's own createDelivery as fast as it can, then make the job's `writes` (receipts, delivery
// submissions, payments, credit applications) all at once through the app's services; it prints
// one JSON line: how many deliveries succeeded, why the others failed, and each write's outcome as
// the REST API would answer it.
import { createInterface } from "node:readline";

import type { PrismaClient } from "@prisma/client";

import { describeError } from "../../app/api/errors.server";
import { createPrismaClient } from "../../app/db-client.server";
import { applyCredits } from "../../app/services/credits.server";
import { createDelivery, submitDelivery } from "../../app/services/deliveries.server";
import { recordPayment } from "../../app/services/payments.server";
import { performAction } from "../../app/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "../../app/services/shopify/gateway.server";

import type { AppWrite, AppWriterJob, AppWriterResult } from "./processes";

const actor = { type: "system", id: `app-writer-${process.pid}` } as const;
const clients = new Map<string, PrismaClient>();
const database = (url: string) => clients.get(url) ?? clients.set(url, createPrismaClient(url)).get(url)!;
/** The writes never need Shopify (receipts at the order's own location, deliveries of the order's own lines). */
const noShopify = new Proxy({} as ShopifyGateway, {
  get: (_, name) => () => Promise.reject(new Error(`the app writer does not reach Shopify (${String(name)})`)),
});

/** The write, as the REST operation of the same name runs it. */
function write(db: PrismaClient, shopDomain: string, entry: AppWrite): Promise<unknown> {
  switch (entry.kind) {
    case "receive":
      return performAction({ db }, shopDomain, actor, entry.orderId, {
        action: "receive",
        lines: [{ lineId: entry.lineId, received: entry.received, rejected: 0, cancelled: 0, reason: null }],
        locationId: null,
        note: null,
      });
    case "submit":
      return submitDelivery({ db, gateway: noShopify }, shopDomain, actor, entry.deliveryId, { deliveredAt: null });
    case "payment":
      return recordPayment(db, shopDomain, actor, entry.orderId, { amount: entry.amount, paidAt: new Date().toISOString(), status: "completed" });
    case "credit":
      return applyCredits(db, shopDomain, actor, entry.orderId, [{ creditId: entry.creditId, amount: entry.amount }]);
  }
}

async function run(job: AppWriterJob): Promise<AppWriterResult> {
  const db = database(job.databaseUrl);
  const result: AppWriterResult = { succeeded: 0, errors: [], outcomes: [] };
  for (let index = 0; index < job.count; index += 1) {
    try {
      await createDelivery(db, job.shopDomain, actor, job.orderIds[index % job.orderIds.length]!);
      result.succeeded += 1;
    } catch (error) {
      result.errors.push(String(error).slice(0, 500));
    }
  }
  result.outcomes = await Promise.all(
    (job.writes ?? []).map((entry) =>
      write(db, job.shopDomain, entry).then(
        () => ({ status: 200 }),
        (error: unknown) => {
          const described = describeError(error);
          return described
            ? { status: described.status, detail: `${described.body.code}: ${described.body.message}` }
            : { status: 500, detail: String(error).slice(0, 500) };
        },
      ),
    ),
  );
  return result;
}

const given = process.argv[2];
console.log("ready");
if (given) {
  await new Promise((resolve) => process.stdin.once("data", resolve));
  console.log(JSON.stringify(await run(JSON.parse(given) as AppWriterJob)));
} else {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) console.log(JSON.stringify(await run(JSON.parse(line) as AppWriterJob)));
  }
}
for (const client of clients.values()) await client.$disconnect();
process.exit(0);
