import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { CARRIERS, parseShipment, trackingUrl } from "./shipments";
import { fieldErrors } from "./test-support";

const NOW = new Date("2026-03-31T12:00:00Z");

describe("shipments", () => {
  it("normalises a known carrier's name and the tracking number as carriers print it", () => {
    const shipment = parseShipment(
      { carrier: " ups ", trackingNumber: "1z 999 aa1 01 2345 6784", estimatedArrivalAt: "2026-04-03", arrivedAt: "" },
      NOW,
    );
    expect(shipment).toEqual({
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      estimatedArrivalAt: new Date("2026-04-03T00:00:00Z"),
      arrivedAt: null,
      note: null,
    });
    expect(trackingUrl(shipment.carrier, shipment.trackingNumber)).toBe("https://www.ups.com/track?tracknum=1Z999AA10123456784");
  });

  it("keeps other carriers by name, without a tracking link", () => {
    const shipment = parseShipment({ carrier: "Bob's Freight", trackingNumber: "BF-1" }, NOW);
    expect(shipment.carrier).toBe("Bob's Freight");
    expect(trackingUrl(shipment.carrier, shipment.trackingNumber)).toBeNull();
    expect(trackingUrl("UPS", null)).toBeNull();
  });

  it("names every bad field at once", () => {
    expect(
      fieldErrors(() =>
        parseShipment({ trackingNumber: "12/34", estimatedArrivalAt: "2026-02-30", arrivedAt: "2026-04-05", note: "x".repeat(501) }, NOW),
      ),
    ).toEqual({
      trackingNumber: "Letters, digits and dashes only, at most 60",
      estimatedArrivalAt: "Must be a date, e.g. 2026-03-31",
      arrivedAt: "An arrival cannot be in the future; use the estimated arrival",
      note: "At most 500 characters",
    });
    expect(fieldErrors(() => parseShipment({ carrier: " ", trackingNumber: "" }, NOW))).toEqual({
      carrier: "Give the carrier, the tracking number, or both",
    });
  });

  it("accepts today's arrival in every time zone", () => {
    // 2026-04-01 has begun east of UTC while it is still 31 March at 12:00 UTC.
    expect(parseShipment({ carrier: "DPD", arrivedAt: "2026-04-01" }, NOW).arrivedAt).toEqual(new Date("2026-04-01T00:00:00Z"));
  });

  it("links every known carrier on its own site, whatever the number", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CARRIERS), fc.stringMatching(/^[A-Za-z0-9-]{1,60}$/), (carrier, number) => {
        const parsed = parseShipment({ carrier: carrier.name.toUpperCase(), trackingNumber: number }, NOW);
        const url = new URL(trackingUrl(parsed.carrier, parsed.trackingNumber)!);
        expect(url.hostname).toBe(new URL(carrier.trackingUrl.replace("{number}", "x")).hostname);
        expect(url.href).toContain(parsed.trackingNumber);
      }),
    );
  });
});
