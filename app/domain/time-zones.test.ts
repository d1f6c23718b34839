import { describe, expect, it } from "vitest";

import { dayInTimeZone, isTimeZone, wallClockInstant } from "./time-zones";

describe("time zones", () => {
  it("reads a wall-clock time across daylight saving changes as Temporal's compatible reading does", () => {
    const wallClock = (text: string) => Date.parse(`${text}Z`);
    // Skipped by the spring change (02:00 → 03:00): read as after the gap, 03:30 EDT.
    expect(wallClockInstant(wallClock("2026-03-08T02:30:00"), "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // Repeated by the autumn change: the first 01:30, still EDT.
    expect(wallClockInstant(wallClock("2026-11-01T01:30:00"), "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(wallClockInstant(wallClock("2026-01-02T00:00:00"), "Asia/Kolkata").toISOString()).toBe("2026-01-01T18:30:00.000Z");
    expect(wallClockInstant(wallClock("2026-01-02T00:00:00"), "UTC").toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });

  it("tells the day it is where the shop is (what `late` compares due days with)", () => {
    const instant = new Date("2026-11-24T01:00:00Z");
    expect(dayInTimeZone(instant, "America/New_York").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(dayInTimeZone(instant, "UTC").toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(dayInTimeZone(new Date("2026-11-23T15:00:00Z"), "Asia/Tokyo").toISOString()).toBe("2026-11-24T00:00:00.000Z");
  });

  it("knows the zones the runtime can read", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
