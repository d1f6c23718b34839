// Writes docs/lifecycle.md from the lifecycle core's table of moves (LIFECYCLE), so the
// documentation and the rules cannot disagree; tests/integration/lifecycle-docs.test.ts checks it.
//   npx tsx scripts/lifecycle-docs.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { lifecycleDocument } from "../app/domain/purchase-order/lifecycle-docs";

export const LIFECYCLE_DOC_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/lifecycle.md");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(LIFECYCLE_DOC_PATH, lifecycleDocument());
  console.log(`Wrote ${path.relative(process.cwd(), LIFECYCLE_DOC_PATH)}`);
}
