import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { LIFECYCLE, LIFECYCLE_ACTIONS } from "~/domain/purchase-order/lifecycle";
import { PURCHASE_ORDER_STATUSES, STATUS_LABELS } from "~/domain/purchase-order/status";

import { lifecycleDocument, lifecycleTable } from "~/domain/purchase-order/lifecycle-docs";

import { LIFECYCLE_DOC_PATH } from "../../scripts/lifecycle-docs";

describe("docs/lifecycle.md", () => {
  it("is generated from the lifecycle data", () => {
    const committed = readFileSync(LIFECYCLE_DOC_PATH, "utf8");
    expect(committed, "docs/lifecycle.md is out of date: run `npx tsx scripts/lifecycle-docs.ts`").toBe(lifecycleDocument());
  });

  it("has one row per status and a ✓ exactly where LIFECYCLE allows the action", () => {
    const rows = lifecycleTable().split("\n");
    for (const status of PURCHASE_ORDER_STATUSES) {
      const found = rows.find((line) => line.startsWith(`| ${STATUS_LABELS[status]} (\`${status}\`) |`));
      expect(found, status).toBeDefined();
      const cells = found!
        .split("|")
        .slice(2, -1)
        .map((cell) => cell.trim());
      expect(cells).toEqual(LIFECYCLE_ACTIONS.map((action) => (LIFECYCLE[action].from.includes(status) ? "✓" : "—")));
    }
    for (const action of LIFECYCLE_ACTIONS) {
      expect(rows.some((line) => line.startsWith(`| \`${action}\` |`) && line.endsWith(`| ${LIFECYCLE[action].result} |`))).toBe(true);
    }
  });
});
