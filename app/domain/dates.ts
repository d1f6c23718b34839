/** Calendar days and zoned instants, as merchants and API clients type them. */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time must carry its zone: "09:00" alone would mean the server's clock, not the merchant's.
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar day (YYYY-MM-DD) as midnight UTC, or null when the text is not a real day. */
export function parseDay(text: string): Date | null {
  const match = DAY_PATTERN.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  // Date rolls 2026-02-30 over to March; a day that does not round-trip does not exist.
  return !Number.isNaN(date.getTime()) && formatDay(date) === text.trim() ? date : null;
}

/** A day, or an instant with its zone (ISO 8601), or null when the text is neither. */
export function parseTimestamp(text: string): Date | null {
  const trimmed = text.trim();
  if (DAY_PATTERN.test(trimmed)) return parseDay(trimmed);
  if (!TIMESTAMP_PATTERN.test(trimmed)) return null;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export const DAY_MESSAGE = "Must be a date, e.g. 2026-03-31";
export const TIMESTAMP_MESSAGE = "Must be a date (2026-03-31) or a time with its zone (2026-03-31T09:00:00Z)";
