import { describe, expect, it } from "vitest";

import { activityLabel, actorLabel, statusChangeLabel } from "./activity";

describe("an order's activity, as the page reads it", () => {
  it("says what happened in words, and an action without its own words as a sentence of its key", () => {
    expect(activityLabel("record_payment")).toBe("Payment recorded");
    expect(activityLabel("send")).toBe("Sent to the supplier");
    expect(activityLabel("something_new_here")).toBe("Something new here");
  });

  it("names the move between statuses by their labels, and none when the status stayed", () => {
    expect(statusChangeLabel("partially_received", "received")).toBe("Partially received → Received");
    expect(statusChangeLabel("sent", "sent")).toBeNull();
    expect(statusChangeLabel(null, "sent")).toBeNull();
    expect(statusChangeLabel("draft", "archived")).toBe("Draft → archived");
  });

  it("names staff and API keys by their id, Shopify and Inbound by name", () => {
    expect(actorLabel("merchant", "user/42")).toBe("Staff user/42");
    expect(actorLabel("api_key", "key_1")).toBe("API key key_1");
    expect(actorLabel("webhook", "products/delete")).toBe("Shopify");
    expect(actorLabel("system", "worker")).toBe("Inbound");
  });
});
