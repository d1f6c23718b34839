// Another process acting for a shop with its offline token (started by startOfflineTokenCall in
// processes.ts): with the job (JSON) as its argument, it fixes the app clock at `job.now`, builds
// the shop's gateway the way the worker and the API do, reads the shop once and prints one JSON
// line: the shop's name, or the error.
import { setClock } from "../../app/clock.server";
import { createPrismaClient } from "../../app/db-client.server";
import { requireOfflineGateway } from "../../app/jobs/offline-gateway.server";

import type { OfflineTokenCall } from "./processes";

const job = JSON.parse(process.argv[2] ?? "{}") as OfflineTokenCall;
setClock(() => new Date(job.now));
const db = createPrismaClient(job.databaseUrl);
try {
  const gateway = await requireOfflineGateway(db, job.shopDomain, {
    clientId: "test-client",
    clientSecret: "test-secret",
    adminApiOrigin: job.adminApiOrigin,
  });
  console.log(JSON.stringify({ ok: true, shopName: (await gateway.shop()).name }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
} finally {
  await db.$disconnect();
}
