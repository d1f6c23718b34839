import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";

import { handleQueuedDeliveries } from "../support/webhooks";

import { ATTACK, seededRandom, targetSeed } from "./support/corpus";
import { AttackTally } from "./support/tally";
import { casesFor, judge, WEBHOOK_TARGETS, type Delivery, type WebhookCase, type WebhookTarget } from "./support/webhooks-cases";
import { NEIGHBOUR, SHOP, startWebhookWorld, type WebhookWorld } from "./support/webhooks-world";

/**
 * The attack suite's webhook part (issue #14): every webhook route over real HTTP, verified with
 * the real HMAC path (production-like environment, the test API secret), with two shops
 * installed. Per route, ATTACK.casesPerTarget cases seeded by targetSeed("webhook:<route>"):
 * forged signatures, replays, signed bodies that are not JSON, not objects, huge, deeply nested or
 * not UTF-8, payloads of the wrong shape for the topic (body mutations of a valid payload), a
 * payload about the neighbour, malformed or missing headers, another topic than the route's, a
 * shop that never installed or uninstalled Inbound. The oracle (support/webhooks-cases.ts):
 * - a 5xx always fails (Shopify retries it eight times);
 * - an unsigned or forged delivery must be a 401 and record nothing; a malformed header, another
 *   topic than the route's, a payload naming another shop a 400 (logged);
 * - a delivery that breaks the topic's payload contract must be refused or recorded as invalid
 *   (a 2xx otherwise is a wrong accept), and change nothing but its own record;
 * - a duplicate, or a delivery for a shop that is not installed, changes nothing either;
 * - no delivery for the shop under attack changes anything of the neighbour.
 * Every case starts from the same freshly installed world, so a failing one replays alone.
 */
const tally = new AttackTally("webhooks");
/** Promises the tally's figures do not hold: the exact status, the neighbour untouched, logging. */
const broken: Array<{ target: string; line: string }> = [];
let world: WebhookWorld;
let warn: MockInstance<typeof console.warn>;

beforeAll(async () => {
  world = await startWebhookWorld();
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterAll(async () => {
  tally.write();
  warn?.mockRestore();
  await world?.close();
});

async function send(delivery: Delivery): Promise<{ status: number; text: string }> {
  const response = await fetch(`${world.origin}${delivery.path}`, {
    method: "POST",
    headers: delivery.headers,
    body: typeof delivery.body === "string" ? delivery.body : new Uint8Array(delivery.body),
  });
  const answer = { status: response.status, text: await response.text() };
  // The worker's round after the answer: what the delivery changes, it changes there.
  await handleQueuedDeliveries(world.db);
  return answer;
}

const headerOf = (delivery: Delivery, name: string) =>
  Object.entries(delivery.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? "";

async function attack(target: WebhookTarget, attackCase: WebhookCase) {
  await world.reset();
  await attackCase.prepare?.(world);
  const installed = new Set([SHOP, NEIGHBOUR].filter((domain) => domain !== attackCase.uninstalled));
  for (const earlier of attackCase.before ?? []) expect((await send(earlier)).status, `${target.name}: ${attackCase.label} (first)`).toBe(200);

  const verdict = judge(target, attackCase, installed);
  // A delivery's own record is the app's to keep (decision 009: invalid ones are recorded for
  // the webhook log); nothing at all may be recorded of one that was never Shopify's.
  const ignore = verdict.strict ? {} : ({ WebhookDelivery: "all" } as const);
  const before = await world.state(ignore);
  const neighbourBefore = await world.neighbourPrint();
  warn.mockClear();

  const { delivery } = attackCase;
  const response = await send(delivery);

  const changed = (await world.state(ignore)) !== before;
  const shop = headerOf(delivery, "X-Shopify-Shop-Domain");
  const eventId = headerOf(delivery, "X-Shopify-Event-Id") || headerOf(delivery, "X-Shopify-Webhook-Id");
  const record = target.topic && shop && eventId ? await world.delivery(shop, eventId) : null;
  const recordedInvalid = record?.result === "invalid";
  tally.record({
    target: target.name,
    label: attackCase.label,
    family: attackCase.family,
    status: response.status,
    mustRefuse: verdict.breaks !== null,
    // Refused with a 2xx: recorded as invalid; or, for a valid delivery that must change nothing
    // (a duplicate, a shop not installed), whatever the app answered.
    refused: recordedInvalid || (verdict.breaks === null && verdict.noOp),
    changed,
    detail: [
      verdict.breaks && `breaks: ${verdict.breaks}`,
      record && `recorded ${record.result}: ${record.summary}`,
      response.status >= 500 && response.text,
    ]
      .filter(Boolean)
      .join("; "),
  });

  const promise = (line: string) => broken.push({ target: target.name, line: `${target.name} — ${attackCase.label}: ${line}` });
  if (verdict.status !== undefined && response.status < 500 && response.status !== verdict.status) {
    promise(`answered ${response.status}, expected ${verdict.status} (${verdict.breaks ?? "valid"})`);
  }
  if (target.topic && (await world.neighbourPrint()) !== neighbourBefore) promise(`changed ${NEIGHBOUR}`);
  if (verdict.logged && response.status === 400 && warn.mock.calls.length === 0) promise("refused without a word in the log");
  if (attackCase.duplicate && target.topic && target.topic !== "shop/redact" && record?.duplicates !== 1) {
    promise(`the replay was not counted as a duplicate (${record?.duplicates ?? "no record"})`);
  }
}

describe("every webhook route, attacked over HTTP", () => {
  for (const target of WEBHOOK_TARGETS) {
    it(`${target.name}: ${ATTACK.casesPerTarget} hostile deliveries, no 5xx, no wrong accept, no change on refusal`, async () => {
      const cases = casesFor(target, ATTACK.casesPerTarget, seededRandom(targetSeed(`webhook:${target.name}`)));
      for (const attackCase of cases) await attack(target, attackCase);
      const mine = (line: string) => line.includes(`: ${target.name} — `);
      expect([...tally.failures().filter(mine), ...broken.filter((entry) => entry.target === target.name).map((entry) => entry.line)]).toEqual([]);
    });
  }
});
