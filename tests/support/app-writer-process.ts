// A second app process on a test's SQLite file (started by startAppWriter in processes.ts): it
// says "ready", waits for a line on stdin, then opens `count` deliveries with the app's own
// createDelivery as fast as it can, and prints one JSON line: how many succeeded, and why the
// others failed. Argument: the job as JSON (AppWriterJob).
import { createPrismaClient } from "../../app/db-client.server";
import { createDelivery } from "../../app/services/deliveries.server";

import type { AppWriterJob, AppWriterResult } from "./processes";

const job = JSON.parse(process.argv[2]!) as AppWriterJob;
const db = createPrismaClient(job.databaseUrl);
const actor = { type: "system", id: `app-writer-${process.pid}` } as const;
console.log("ready");
await new Promise((resolve) => process.stdin.once("data", resolve));
const result: AppWriterResult = { succeeded: 0, errors: [] };
for (let index = 0; index < job.count; index += 1) {
  try {
    await createDelivery(db, job.shopDomain, actor, job.orderIds[index % job.orderIds.length]!);
    result.succeeded += 1;
  } catch (error) {
    result.errors.push(String(error).slice(0, 500));
  }
}
console.log(JSON.stringify(result));
await db.$disconnect();
process.exit(0);
