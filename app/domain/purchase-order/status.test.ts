import { describe, expect, it } from "vitest";

import { PURCHASE_ORDER_STATUSES, STATUS_TABS, statusesOfTab } from "./status";

describe("the index's status tabs", () => {
  it("put every status in exactly one tab besides All", () => {
    for (const status of PURCHASE_ORDER_STATUSES) {
      const tabs = STATUS_TABS.filter((tab) => tab.statuses !== null && (tab.statuses as readonly string[]).includes(status));
      expect(
        tabs.map((tab) => tab.id),
        status,
      ).toHaveLength(1);
    }
  });

  it("name no status the lifecycle does not have", () => {
    const named = STATUS_TABS.flatMap((tab) => tab.statuses ?? []);
    expect(named.filter((status) => !(PURCHASE_ORDER_STATUSES as readonly string[]).includes(status))).toEqual([]);
  });

  it("All narrows nothing, and a tab shows its own statuses", () => {
    expect(statusesOfTab("all")).toBeNull();
    expect(statusesOfTab("draft")).toEqual(["draft"]);
    expect(statusesOfTab("awaiting_delivery")).toContain("partially_received");
  });
});
