/**
 * Wall-clock times in IANA time zones (a shop's `ianaTimezone`), with the runtime's own zone data
 * (Intl): no library, no I/O. Daylight saving included.
 */

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    zoneFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `instantMs` (negative west of Greenwich). */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    zoneFormat(timeZone)
      .formatToParts(instantMs)
      .map((part) => [part.type, Number(part.value)]),
  );
  // setUTCFullYear, not Date.UTC, which would read the years 0–99 as 1900–1999.
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  wallClock.setUTCHours(parts.hour!, parts.minute!, parts.second!);
  return wallClock.getTime() - Math.floor(instantMs / 1000) * 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day it is in the zone at `instant`, as midnight UTC (how Inbound stores days). */
export function dayInTimeZone(instant: Date, timeZone: string): Date {
  const wallClockMs = instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone);
  return new Date(Math.floor(wallClockMs / DAY_MS) * DAY_MS);
}

/**
 * The instant a wall-clock time has in an IANA zone, the time given as its fields read as UTC
 * (e.g. `Date.UTC(2026, 0, 2)` for 2 January 2026, 00:00 there). Daylight saving as Temporal's
 * "compatible" reads it: a time the clocks skip (02:30 when they spring from 02:00 to 03:00) is
 * read as after the gap (03:30), a time they repeat in the autumn as its first occurrence.
 */
export function wallClockInstant(wallClockMs: number, timeZone: string): Date {
  // At most one change of offset lies within a day either side: try the offset before and after.
  const before = zoneOffsetMs(wallClockMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallClockMs + DAY_MS, timeZone);
  const readings = [wallClockMs - before, wallClockMs - after].filter((instantMs) => zoneOffsetMs(instantMs, timeZone) === wallClockMs - instantMs);
  return new Date(readings.length > 0 ? Math.min(...readings) : wallClockMs - before);
}
