import { createHash } from "node:crypto";

import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri, type PlannedEffect } from "~/domain/effects";
import { stageEffects } from "~/services/effects.server";

import type { ApiClient, ApiResult } from "../support/api";
import { createOrderOfVariants } from "../support/orders";
import { startAppWriterSession, startWorkerProcess, stopAll, type AppWrite } from "../support/processes";

import { ATTACK, sample, seededRandom, targetSeed } from "./support/corpus";
import { AttackTally } from "./support/tally";
import { startTwoShops, type TwoShops } from "./support/two-shops";

/**
 * The attack suite's races (issue #14, part "races"), black-box over real HTTP with two shops
 * installed, and through a second app process on the same SQLite file: writes made all at once
 * whose sum breaks a limit — receipts and delivery submissions beyond the quantity ordered,
 * payments beyond what is owed, one supplier credit applied to two orders — one Idempotency-Key
 * on parallel POSTs, and all of it again while `npm run worker` applies Shopify effects. Every
 * round also aims the neighbour shop's key at the shop's records and the shop's key at the
 * neighbour's: refused, and the neighbour's records stay as they were.
 *
 * Why a second process: the in-process API answers one request's database work after another
 * (libSQL answers synchronously), so requests over HTTP alone hardly interleave; the second
 * process decides and commits between them, as a second app machine or the worker would.
 *
 * What guards each race: every write transaction takes SQLite's write lock at BEGIN (decision
 * 010), so a money change (changeOrderMoney bumps the order's version first, then decides on
 * what it reads: payments' overpayment guard, the credit ledger) and a delivery submission decide
 * on state no other writer can change before they commit. A lifecycle action (receive) decides
 * outside the transaction and saves under the order's version; when another change got in first
 * it decides again inside the write transaction, so a caller that sent no expected_version is
 * never refused as stale (no 409 stale_version is an explained refusal here). An Idempotency-Key
 * is claimed in one transaction before the request runs (idempotency.server.ts), per API key.
 *
 * Each request (and each write of the second process) is one recorded case, with mustRefuse only
 * for the crossed keys: whether the others may be accepted depends on which got in first. So the
 * limit is checked once per round, after the answers: one more case per round with status 200
 * when the stored totals are exactly what the accepted answers add up to (and within the limit,
 * and every refusal is one the rules explain), and status 599 with what differed when not — so
 * the tally's 5xx count catches a wrong total.
 */

const tally = new AttackTally("races");
/** Rounds per race: a few in the short run, enough for ≥ 250 cases in the long one. */
const ROUNDS = Math.max(2, Math.ceil(ATTACK.casesPerTarget / 4));
/** Shops' units cost 2.50 (tests/support/orders.ts): an order's total in cents. */
const UNIT_COST_CENTS = 250;

let w: TwoShops;
let appProcess: ReturnType<typeof startAppWriterSession>;

beforeAll(async () => {
  w = await startTwoShops("races");
  appProcess = startAppWriterSession();
  await appProcess.ready;
}, 120_000);

afterAll(async () => {
  tally.write();
  await appProcess?.close();
  stopAll();
  await w?.close();
});

// ---------------------------------------------------------------------------------------------
// Firing and recording

interface Shot {
  label: string;
  family: string;
  /** Refused whatever the others do (a key aimed at the other shop's records). */
  mustRefuse?: boolean;
  send: () => Promise<ApiResult>;
}

interface Answer {
  label: string;
  mustRefuse: boolean;
  status: number;
  /** The HTTP answer (none for the second process's writes). */
  result: ApiResult | undefined;
  detail: string | undefined;
}

function record(target: string, round: number, family: string, answer: Answer): void {
  tally.record({
    target,
    label: `round ${round}: ${answer.label}`,
    family,
    status: answer.status,
    mustRefuse: answer.mustRefuse,
    changed: false,
    ...(answer.detail ? { detail: answer.detail } : {}),
  });
}

/**
 * Fires every shot at once (started in a seeded order), records each answer as a case and returns
 * them in the shots' order. An answer the OpenAPI document does not describe (a 500 included)
 * makes the client throw: recorded as 599 with the reason.
 */
async function fire(target: string, round: number, shots: readonly Shot[], random: () => number): Promise<Answer[]> {
  const answers: Answer[] = new Array(shots.length);
  await Promise.all(
    sample(
      shots.map((_, index) => index),
      shots.length,
      random,
    ).map(async (index) => {
      const shot = shots[index]!;
      const answer = { label: shot.label, mustRefuse: shot.mustRefuse ?? false };
      try {
        const result = await shot.send();
        const detail = result.error
          ? `${result.error.code}${result.error.field ? ` (${result.error.field})` : ""}: ${result.error.message}`
          : undefined;
        answers[index] = { ...answer, status: result.status, result, detail };
      } catch (error) {
        answers[index] = { ...answer, status: 599, result: undefined, detail: `an answer outside the contract: ${String(error)}` };
      }
    }),
  );
  answers.forEach((answer, index) => record(target, round, shots[index]!.family, answer));
  return answers;
}

/** A write and its answer, whichever process made it. */
interface Outcome {
  write: AppWrite;
  answer: Answer;
}

/**
 * Makes `writes` all at once, every other one through the second app process and the rest over
 * HTTP together with `shots` (requests of other kinds), records every answer, and returns each
 * write's and each shot's. `deliveries`: the second process first opens that many.
 */
async function race(
  target: string,
  round: number,
  random: () => number,
  writes: readonly AppWrite[],
  describeWrite: (write: AppWrite) => string,
  family: string,
  shots: readonly Shot[] = [],
  deliveries: { orderId: string; count: number } = { orderId: "", count: 0 },
) {
  const viaProcess = (index: number) => index % 2 === 0;
  const processWrites = writes.filter((_, index) => viaProcess(index));
  const httpWrites = writes.filter((_, index) => !viaProcess(index));
  const running = appProcess.run({
    databaseUrl: w.database.url,
    shopDomain: w.domain,
    orderIds: [deliveries.orderId],
    count: deliveries.count,
    writes: processWrites,
  });
  const answers = await fire(target, round, [...httpWrites.map((write) => writeShot(write, describeWrite(write), family)), ...shots], random);
  const result = await running;
  const processAnswers = processWrites.map((write, index): Answer => ({
    label: `app process: ${describeWrite(write)}`,
    mustRefuse: false,
    status: result.outcomes[index]!.status,
    result: undefined,
    detail: result.outcomes[index]!.detail,
  }));
  for (const answer of processAnswers) record(target, round, family, answer);
  const outcomes = writes.map((write, index): Outcome => {
    const position = writes.slice(0, index).filter((_, earlier) => viaProcess(earlier) === viaProcess(index)).length;
    return { write, answer: viaProcess(index) ? processAnswers[position]! : answers[position]! };
  });
  return { outcomes, shots: answers.slice(httpWrites.length), deliveries: result };
}

/** The write as a request over HTTP with the shop's key. */
function writeShot(write: AppWrite, label: string, family: string): Shot {
  switch (write.kind) {
    case "receive":
      return receiveShot(w.writer, write.orderId, write.lineId, write.received, label, family);
    case "submit":
      return {
        label,
        family,
        send: () => w.writer.call("submit_purchase_order_delivery", { params: { id: write.orderId, delivery_id: write.deliveryId }, body: {} }),
      };
    case "payment":
      return payShot(w.writer, write.orderId, cents(write.amount), label, family);
    case "credit":
      return creditShot(w.writer, write.orderId, write.creditId, cents(write.amount), label, family);
  }
}

/**
 * The round's verdict as one more case: 200 when nothing differed, 599 (counted as a 5xx, which
 * fails the part) with what differed otherwise.
 */
function verdict(target: string, round: number, problems: readonly string[], what = "totals exact, refusals explained"): void {
  tally.record({
    target,
    label: `round ${round}: ${what}`,
    family: "exact totals",
    status: problems.length === 0 ? 200 : 599,
    mustRefuse: false,
    changed: false,
    ...(problems.length ? { detail: problems.join("; ") } : {}),
  });
}

/** The failures of one target's cases, for its assertion. */
const failuresOf = (target: string) => tally.failures().filter((line) => line.includes(`: ${target} — `));

/**
 * A race's test: ROUNDS rounds of `round` (which makes the round's writes and returns what
 * differed), each judged by its verdict with the neighbour's records checked too, then one
 * assertion over the target's cases.
 */
function rounds(target: string, title: string, round: (round: number, random: () => number) => Promise<string[]>, timeout = 300_000): void {
  it(`${ROUNDS} rounds: ${title}`, { timeout }, async () => {
    const random = seededRandom(targetSeed(target));
    for (let index = 1; index <= ROUNDS; index += 1) {
      await w.refill();
      const neighbourBefore = await neighbourFingerprint();
      const problems = await round(index, random);
      if ((await neighbourFingerprint()) !== neighbourBefore) problems.push("the neighbour's records changed");
      verdict(target, index, problems);
    }
    expect(failuresOf(target)).toEqual([]);
  });
}

const accepted = (answer: Answer) => answer.status >= 200 && answer.status < 300;
const cents = (amount: { toString(): string }) => new Decimal(amount.toString()).times(100).toNumber();
const money = (amountCents: number) => new Decimal(amountCents).dividedBy(100).toFixed(2);
/** An integer in [low, high]. */
const between = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Problems with the answers to the keys aimed at the other shop's records: each a 404 or 422, never an answer. */
function crossedProblems(answers: readonly Answer[]): string[] {
  return answers
    .filter((answer) => answer.mustRefuse && answer.status !== 404 && answer.status !== 422)
    .map((answer) => `${answer.label} answered ${answer.status} (${answer.detail ?? "accepted"})`);
}

/** Refusals of the shop's own writes that the rules do not explain (`explained` says which are). */
function unexplained(outcomes: readonly Outcome[], explained: (outcome: Outcome) => boolean): string[] {
  return outcomes
    .filter((outcome) => !accepted(outcome.answer) && !explained(outcome))
    .map(({ answer }) => `${answer.label} refused unexplained: ${answer.status} ${answer.detail ?? ""}`);
}

/** A refusal naming `field` (the second process's answers name none: their status says enough). */
const refusedOn = (answer: Answer, field: string) => answer.status === 422 && (answer.result === undefined || answer.result.error?.field === field);

/** Everything stored of the neighbour's orders and credits (the crossed keys must leave it alone). */
async function neighbourFingerprint(): Promise<string> {
  const orders = await w.db.purchaseOrder.findMany({
    where: { shop: { domain: w.neighbour.domain } },
    orderBy: { id: "asc" },
    include: {
      lines: true,
      bookings: { include: { lines: true } },
      payments: true,
      creditApplications: true,
      deliveries: { include: { lines: true } },
      shipments: true,
    },
  });
  const credits = await w.db.supplierCredit.findMany({ where: { supplier: { shop: { domain: w.neighbour.domain } } }, orderBy: { id: "asc" } });
  return createHash("sha256").update(JSON.stringify({ orders, credits })).digest("hex");
}

/** A draft of the shop's first variant (units at 2.50), marked as sent through the API. */
async function sentOrder(quantity: number): Promise<{ id: string; lineId: string }> {
  const variant = w.products[0]!.variants[0]!;
  const order = await createOrderOfVariants(w.db, w.domain, w.own.supplierId, w.own.locationId, [{ ...variant, quantity }]);
  const sent = await w.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} });
  expect(sent.status, JSON.stringify(sent.error)).toBe(200);
  const line = await w.db.purchaseOrderLine.findFirstOrThrow({ where: { purchaseOrderId: order.id } });
  return { id: order.id, lineId: line.id };
}

async function newCredit(amountCents: number): Promise<string> {
  const created = await w.writer.call("create_supplier_credit", {
    params: { id: w.own.supplierId },
    body: { source: "manual", amount: money(amountCents) },
  });
  expect(created.status, JSON.stringify(created.error)).toBe(201);
  return created.body.id as string;
}

const paymentBody = (amountCents: number, extra: Record<string, unknown> = {}) => ({
  amount: money(amountCents),
  paid_at: new Date().toISOString(),
  status: "completed",
  ...extra,
});

const receiveShot = (
  client: ApiClient,
  orderId: string,
  lineId: string,
  received: number,
  label: string,
  family: string,
  mustRefuse = false,
): Shot => ({
  label,
  family,
  mustRefuse,
  send: () => client.call("receive_purchase_order", { params: { id: orderId }, body: { lines: [{ line_id: lineId, received }] } }),
});

const payShot = (client: ApiClient, orderId: string, amountCents: number, label: string, family: string, mustRefuse = false): Shot => ({
  label,
  family,
  mustRefuse,
  send: () => client.call("record_purchase_order_payment", { params: { id: orderId }, body: paymentBody(amountCents) }),
});

const creditShot = (
  client: ApiClient,
  orderId: string,
  creditId: string,
  amountCents: number,
  label: string,
  family: string,
  mustRefuse = false,
): Shot => ({
  label,
  family,
  mustRefuse,
  send: () =>
    client.call("apply_purchase_order_credits", {
      params: { id: orderId },
      body: { applications: [{ credit_id: creditId, amount: money(amountCents) }] },
    }),
});

/** The shop's and the neighbour's keys crossed: each aimed at a record of the other shop. */
function crossedShots(kind: "receive" | "payment", ownOrder: { id: string; lineId: string }): Shot[] {
  const neighbourOrder = { id: w.neighbour.sentId, lineId: w.neighbour.sentLineId };
  return kind === "receive"
    ? [
        receiveShot(w.neighbour.client, ownOrder.id, ownOrder.lineId, 1, "the neighbour's key receives 1 on the shop's order", "neighbour key", true),
        receiveShot(
          w.writer,
          neighbourOrder.id,
          neighbourOrder.lineId,
          1,
          "the shop's key receives 1 on the neighbour's order",
          "neighbour key",
          true,
        ),
      ]
    : [
        payShot(w.neighbour.client, ownOrder.id, 100, "the neighbour's key pays 1.00 on the shop's order", "neighbour key", true),
        payShot(w.writer, neighbourOrder.id, 100, "the shop's key pays 1.00 on the neighbour's order", "neighbour key", true),
      ];
}

/** Stored received units and bookings of an order's line. */
async function storedReceipts(orderId: string, lineId: string) {
  const received = await w.db.bookingLine.aggregate({ where: { lineId, booking: { purchaseOrderId: orderId } }, _sum: { received: true } });
  return { received: received._sum.received ?? 0, bookings: await w.db.booking.count({ where: { purchaseOrderId: orderId } }) };
}

/** Completed payments stored on an order, in cents. */
async function storedPaidCents(orderId: string): Promise<number> {
  const payments = await w.db.payment.findMany({ where: { purchaseOrderId: orderId, status: "completed" } });
  return sum(payments.map((payment) => cents(payment.amount)));
}

/** A credit's applications that count (not reversed), in cents, per order. */
async function storedApplications(creditId: string): Promise<Map<string, number>> {
  const applications = await w.db.creditApplication.findMany({ where: { creditId, reversedAt: null } });
  const byOrder = new Map<string, number>();
  for (const application of applications)
    byOrder.set(application.purchaseOrderId, (byOrder.get(application.purchaseOrderId) ?? 0) + cents(application.amount));
  return byOrder;
}

/** What the accepted writes of a kind add up to (units received, cents paid or applied). */
function acceptedSum(outcomes: readonly Outcome[], measure: (write: AppWrite) => number | null): number {
  return sum(outcomes.filter(({ answer }) => accepted(answer)).flatMap(({ write }) => measure(write) ?? []));
}

// ---------------------------------------------------------------------------------------------

describe("parallel receipts and delivery submissions beyond the quantity ordered", () => {
  const target = "race: receive beyond ordered";

  rounds(target, "what is booked is what the accepted answers booked, never more than ordered", async (round, random) => {
    const ordered = between(random, 6, 10);
    const order = await sentOrder(ordered);
    // Each share is more than a third of the order, so the six together are at least twice it.
    const share = () => between(random, Math.ceil(ordered / 3), Math.ceil(ordered / 2));
    const drafts = new Map<string, number>();
    for (let index = 0; index < 2; index += 1) {
      const opened = await w.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} });
      expect(opened.status, JSON.stringify(opened.error)).toBe(201);
      const quantity = share();
      const counted = await w.writer.call("update_purchase_order_delivery", {
        params: { id: order.id, delivery_id: opened.body.id },
        body: { lines: [{ line_id: order.lineId, quantity_delivered: quantity }] },
      });
      expect(counted.status, JSON.stringify(counted.error)).toBe(200);
      drafts.set(opened.body.id as string, quantity);
    }
    await w.refill();

    const [firstDraft, secondDraft] = [...drafts.keys()];
    const writes: AppWrite[] = [
      ...Array.from({ length: 4 }, (): AppWrite => ({ kind: "receive", orderId: order.id, lineId: order.lineId, received: share() })),
      { kind: "submit", orderId: order.id, deliveryId: firstDraft! },
      { kind: "submit", orderId: order.id, deliveryId: secondDraft! },
    ];
    const quantity = (write: AppWrite) =>
      write.kind === "receive" ? write.received : write.kind === "submit" ? drafts.get(write.deliveryId)! : null;
    const describeWrite = (write: AppWrite) => `${write.kind === "receive" ? "receive" : "submit a delivery of"} ${quantity(write)} of ${ordered}`;
    const { outcomes, shots } = await race(target, round, random, writes, describeWrite, "parallel receipt", [
      {
        label: "the neighbour's key submits the shop's delivery",
        family: "neighbour key",
        mustRefuse: true,
        send: () => w.neighbour.client.call("submit_purchase_order_delivery", { params: { id: order.id, delivery_id: firstDraft! }, body: {} }),
      },
      ...crossedShots("receive", order),
    ]);

    const stored = await storedReceipts(order.id, order.lineId);
    const bookedByAnswers = acceptedSum(outcomes, quantity);
    const acceptedCount = outcomes.filter(({ answer }) => accepted(answer)).length;
    const finalPending = ordered - stored.received;
    const read = await w.reader.call("get_purchase_order", { params: { id: order.id } });
    const line = (read.body.lines as Array<{ id: string; quantities: { received: number } }>).find((candidate) => candidate.id === order.lineId)!;
    const problems = [
      ...(stored.received !== bookedByAnswers ? [`stored received ${stored.received}, the accepted answers booked ${bookedByAnswers}`] : []),
      ...(stored.received > ordered ? [`received ${stored.received} of ${ordered} ordered`] : []),
      ...(stored.bookings !== acceptedCount ? [`${stored.bookings} bookings for ${acceptedCount} accepted`] : []),
      ...(line.quantities.received !== stored.received ? [`the API reads received ${line.quantities.received}, stored ${stored.received}`] : []),
      ...(read.body.status !== (finalPending === 0 ? "received" : "partially_received")
        ? [`status ${read.body.status} with ${finalPending} pending`]
        : []),
      // Too many for what was pending then (pending only falls, so also for what is pending now),
      // or nothing left (the order is Received).
      ...unexplained(outcomes, ({ write, answer }) =>
        answer.status === 422 ? quantity(write)! > finalPending : answer.status === 409 && finalPending === 0,
      ),
      ...crossedProblems(shots),
    ];
    return problems;
  });
});

describe("parallel payments that together would overpay", () => {
  const target = "race: payments beyond owed";

  rounds(target, "the sum paid is what the accepted answers paid, never past the total", async (round, random) => {
    const units = between(random, 4, 9);
    const totalCents = units * UNIT_COST_CENTS;
    const order = await sentOrder(units);
    // Each more than a quarter of the total: the six together are at least one and a half times it.
    const writes = Array.from({ length: 6 }, (): AppWrite => ({
      kind: "payment",
      orderId: order.id,
      amount: money(between(random, Math.ceil(totalCents / 4), Math.ceil(totalCents / 2))),
    }));
    const describeWrite = (write: AppWrite) => `pay ${(write as Extract<AppWrite, { kind: "payment" }>).amount} of ${money(totalCents)}`;
    const { outcomes, shots } = await race(target, round, random, writes, describeWrite, "parallel payment", crossedShots("payment", order));

    const paid = await storedPaidCents(order.id);
    const paidByAnswers = acceptedSum(outcomes, (write) => (write.kind === "payment" ? cents(write.amount) : null));
    const dueCents = totalCents - paid;
    const listed = await w.reader.call("list_purchase_order_payments", { params: { id: order.id } });
    const problems = [
      ...(paid !== paidByAnswers ? [`stored paid ${money(paid)}, the accepted answers paid ${money(paidByAnswers)}`] : []),
      ...(paid > totalCents ? [`paid ${money(paid)} of ${money(totalCents)} owed`] : []),
      ...(cents(listed.body.totals.paid) !== paid || cents(listed.body.totals.due) !== dueCents
        ? [`the API reads paid ${listed.body.totals.paid}, due ${listed.body.totals.due}; stored paid ${money(paid)}`]
        : []),
      ...outcomes
        .filter(({ answer }) => accepted(answer) && answer.result && cents(answer.result.body.purchase_order.totals.due) < 0)
        .map(({ answer }) => `${answer.label} answered an overpaid order (due ${answer.result!.body.purchase_order.totals.due})`),
      // Refused on its amount only when it was more than was due then (due only falls, so more than is due now).
      ...unexplained(outcomes, ({ write, answer }) => refusedOn(answer, "amount") && write.kind === "payment" && cents(write.amount) > dueCents),
      ...crossedProblems(shots),
    ];
    return problems;
  });
});

describe("one supplier credit applied to two orders at once", () => {
  const target = "race: one credit, two orders";

  rounds(target, "the credit is never applied past its amount, nor an order past its due", async (round, random) => {
    const creditCents = between(random, 1000, 1400);
    const creditId = await newCredit(creditCents);
    // 6 × 2.50 = 15.00 each, more than the credit: the credit is the limit, not what is due.
    const orders = [await sentOrder(6), await sentOrder(6)];
    const orderTotalCents = 6 * UNIT_COST_CENTS;
    await w.refill();
    const writes = Array.from({ length: 6 }, (_, index): AppWrite => ({
      kind: "credit",
      orderId: orders[index % 2]!.id,
      creditId,
      amount: money(between(random, Math.ceil(creditCents / 3), Math.ceil(creditCents / 2))),
    }));
    const orderNumber = (orderId: string) => orders.findIndex((order) => order.id === orderId) + 1;
    const describeWrite = (write: AppWrite) =>
      `apply ${(write as Extract<AppWrite, { kind: "credit" }>).amount} of the ${money(creditCents)} credit to order ${orderNumber(write.orderId)}`;
    const { outcomes, shots } = await race(target, round, random, writes, describeWrite, "shared credit", [
      creditShot(
        w.neighbour.client,
        orders[0]!.id,
        creditId,
        100,
        "the neighbour's key applies the shop's credit to the shop's order",
        "neighbour key",
        true,
      ),
      creditShot(
        w.neighbour.client,
        w.neighbour.sentId,
        creditId,
        100,
        "the neighbour's key applies the shop's credit to its own order",
        "neighbour key",
        true,
      ),
      ...crossedShots("payment", orders[1]!),
    ]);

    const stored = await storedApplications(creditId);
    const appliedCents = sum([...stored.values()]);
    const remainingCents = creditCents - appliedCents;
    const problems: string[] = [];
    for (const order of orders) {
      const byAnswers = acceptedSum(outcomes, (write) => (write.kind === "credit" && write.orderId === order.id ? cents(write.amount) : null));
      const onOrder = stored.get(order.id) ?? 0;
      if (onOrder !== byAnswers)
        problems.push(`order ${orderNumber(order.id)}: stored ${money(onOrder)} applied, the accepted answers applied ${money(byAnswers)}`);
      const credits = await w.reader.call("list_purchase_order_credits", { params: { id: order.id } });
      if (cents(credits.body.credits_applied) !== onOrder)
        problems.push(`order ${orderNumber(order.id)}: the API reads ${credits.body.credits_applied} applied, stored ${money(onOrder)}`);
    }
    if (appliedCents > creditCents) problems.push(`applied ${money(appliedCents)} of a ${money(creditCents)} credit`);
    const ledger = await w.reader.call("list_supplier_credits", { params: { id: w.own.supplierId } });
    const credit = (ledger.body.credits as Array<{ id: string; remaining: string }>).find((candidate) => candidate.id === creditId)!;
    if (cents(credit.remaining) !== remainingCents) problems.push(`the API reads ${credit.remaining} remaining, stored ${money(remainingCents)}`);
    problems.push(
      // Refused on its amount only when it was more than the credit had left then (or the order had due).
      ...unexplained(
        outcomes,
        ({ write, answer }) =>
          refusedOn(answer, "applications.0.amount") &&
          write.kind === "credit" &&
          cents(write.amount) > Math.min(remainingCents, orderTotalCents - (stored.get(write.orderId) ?? 0)),
      ),
      ...crossedProblems(shots),
    );
    return problems;
  });
});

describe("one Idempotency-Key on parallel POSTs", () => {
  const target = "race: one Idempotency-Key";

  interface KeyedOperation {
    operation: string;
    params?: Record<string, string>;
    body: unknown;
    /** A different request to the same operation, sent under the same key (none when the operation takes no fields). */
    otherBody?: unknown;
    /** How many times its effect is stored. */
    effects: () => Promise<number>;
  }

  /** The POSTs raced this round, each on records of its own (marker: text unique to the round). */
  async function keyedOperations(round: number): Promise<KeyedOperation[]> {
    const marker = `race ${ATTACK.seed} round ${round}`;
    const order = await sentOrder(6);
    const creditId = await newCredit(500);
    const variantId = w.products[0]!.variants[0]!.variantId;
    return [
      {
        operation: "create_purchase_order",
        body: { supplier_id: w.own.supplierId, location_id: w.own.locationId, items: [{ variant_id: variantId, quantity: 3 }], note: marker },
        otherBody: { supplier_id: w.own.supplierId, location_id: w.own.locationId, items: [{ variant_id: variantId, quantity: 4 }], note: marker },
        effects: () => w.db.purchaseOrder.count({ where: { note: marker } }),
      },
      {
        operation: "record_purchase_order_payment",
        params: { id: order.id },
        body: paymentBody(100, { reference: marker }),
        otherBody: paymentBody(200, { reference: marker }),
        effects: () => w.db.payment.count({ where: { reference: marker } }),
      },
      {
        operation: "create_supplier_credit",
        params: { id: w.own.supplierId },
        body: { source: "manual", amount: "3.00", reference: marker },
        otherBody: { source: "manual", amount: "4.00", reference: marker },
        effects: () => w.db.supplierCredit.count({ where: { reference: marker } }),
      },
      {
        operation: "apply_purchase_order_credits",
        params: { id: order.id },
        body: { applications: [{ credit_id: creditId, amount: "1.00" }] },
        otherBody: { applications: [{ credit_id: creditId, amount: "2.00" }] },
        effects: () => w.db.creditApplication.count({ where: { creditId } }),
      },
      {
        operation: "receive_purchase_order",
        params: { id: order.id },
        body: { lines: [{ line_id: order.lineId, received: 1 }] },
        otherBody: { lines: [{ line_id: order.lineId, received: 2 }] },
        effects: () => w.db.booking.count({ where: { purchaseOrderId: order.id } }),
      },
      {
        operation: "create_purchase_order_delivery",
        params: { id: order.id },
        body: {},
        effects: () => w.db.delivery.count({ where: { purchaseOrderId: order.id } }),
      },
      {
        operation: "add_purchase_order_shipment",
        params: { id: order.id },
        body: { carrier: "UPS", note: marker },
        otherBody: { carrier: "DHL", note: marker },
        effects: () => w.db.shipment.count({ where: { note: marker } }),
      },
    ];
  }

  rounds(target, "exactly one effect; the others replay its answer or are told it is running", async (round, random) => {
    for (const keyed of await keyedOperations(round)) {
      await w.refill();
      const key = `race-${ATTACK.seed}-${round}-${keyed.operation}`;
      const shot = (client: ApiClient, body: unknown, label: string, family: string, mustRefuse = false): Shot => ({
        label: `${keyed.operation}: ${label}`,
        family,
        mustRefuse,
        send: () => client.call(keyed.operation, { params: keyed.params, body, headers: { "Idempotency-Key": key } }),
      });
      const shots = [
        ...Array.from({ length: 4 }, (_, index) => shot(w.writer, keyed.body, `the same request, copy ${index + 1}`, "idempotency key")),
        keyed.otherBody === undefined
          ? shot(w.writer, keyed.body, "the same request, copy 5", "idempotency key")
          : shot(w.writer, keyed.otherBody, "another request under the same key", "idempotency key, other request"),
        // Keys are per API key: the neighbour's same key and request is its own, and names records it cannot reach.
        shot(w.neighbour.client, keyed.body, "the neighbour's key sends the same request and key", "neighbour key", true),
      ];
      const answers = await fire(target, round, shots, random);

      const own = answers.filter((answer) => !answer.mustRefuse);
      const answered = own.filter(accepted);
      const firsts = answered.filter((answer) => answer.result!.headers.get("Idempotent-Replayed") !== "true");
      const bodies = new Set(answered.map((answer) => `${answer.status} ${JSON.stringify(answer.result!.body)}`));
      const effects = await keyed.effects();
      const problems = [
        ...(effects !== 1 ? [`${keyed.operation}: ${effects} effects stored`] : []),
        ...(firsts.length !== 1 ? [`${keyed.operation}: ${firsts.length} answers ran (not replayed)`] : []),
        ...(bodies.size !== 1 ? [`${keyed.operation}: ${bodies.size} different answers accepted`] : []),
        // Told the first is still running, or that the key was used for another request.
        ...own
          .filter((answer) => !accepted(answer))
          .filter((answer) => {
            const code = answer.result?.error?.code;
            return !(
              (answer.status === 409 && code === "idempotency_request_in_progress") ||
              (answer.status === 422 && code === "idempotency_key_reused")
            );
          })
          .map((answer) => `${answer.label} refused unexplained: ${answer.status} ${answer.detail ?? ""}`),
        ...crossedProblems(answers),
      ];
      verdict(target, round, problems, `${keyed.operation}: one effect, the other answers explained`);
    }
    // Each operation had its verdict; the round's own is on the neighbour's records.
    return [];
  });
});

describe("the app's writes racing the effects worker and a second app process", () => {
  const target = "race: app, worker and second app process";
  let worker: ReturnType<typeof startWorkerProcess>;

  const effectsOf = (status: string | string[]) =>
    w.db.shopifyEffect.count({ where: { shopId: w.shopId, status: typeof status === "string" ? status : { in: status } } });

  /**
   * Work for the worker through the burst, with no net change in Shopify: +1 then −1 incoming
   * on the shop's item, in pairs (applied in order per shop).
   */
  async function queueNeutralEffects(pairs: number) {
    const variant = w.products[0]!.variants[0]!;
    const change = (delta: number): PlannedEffect => ({
      kind: "adjust_incoming",
      payload: {
        referenceDocumentUri: purchaseOrderDocumentUri("race-queued"),
        changes: [{ inventoryItemId: variant.inventoryItemId, locationId: w.own.locationId, delta }],
      },
    });
    await w.db.$transaction((tx) => stageEffects(tx, w.shopId, null, Array.from({ length: pairs }, () => [change(1), change(-1)]).flat()));
  }

  /** Waits until the worker applied everything staged for the shop (fails the test after `timeoutMs`). */
  async function drained(timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while ((await effectsOf(["staged", "sent"])) > 0) {
      if (Date.now() > deadline) throw new Error(`the worker left effects unapplied after ${timeoutMs} ms:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    worker = startWorkerProcess({ databaseUrl: w.database.url, shopDomain: w.domain, adminApiOrigin: w.standin.origin });
    // Running: it applied what was queued.
    await queueNeutralEffects(5);
    await drained(60_000);
  }, 120_000);

  afterAll(async () => {
    if (!worker) return;
    worker.child.kill("SIGTERM");
    expect((await worker.exited).code, worker.output()).toBe(0);
  });

  // Rounds in which the worker applied effects while the writes ran.
  let overlapped = 0;

  rounds(
    target,
    "every answer a 2xx or a refusal the rules explain, and the totals exact",
    async (round, random) => {
      const ordered = between(random, 12, 18);
      const order = await sentOrder(ordered);
      const other = await sentOrder(6);
      const totalCents = ordered * UNIT_COST_CENTS;
      const creditCents = between(random, 600, 1000);
      const creditId = await newCredit(creditCents);
      await w.refill();

      // Receipts stay within the order here (the receive race above goes past it), so the order
      // keeps taking deliveries and every refusal left is a money limit.
      const writes: AppWrite[] = [
        ...Array.from({ length: 6 }, (): AppWrite => ({
          kind: "receive",
          orderId: order.id,
          lineId: order.lineId,
          received: between(random, 1, Math.floor((ordered - 1) / 6)),
        })),
        ...Array.from({ length: 6 }, (): AppWrite => ({
          kind: "payment",
          orderId: order.id,
          amount: money(between(random, Math.ceil(totalCents / 5), Math.ceil(totalCents / 3))),
        })),
        ...Array.from({ length: 4 }, (_, index): AppWrite => ({
          kind: "credit",
          orderId: index < 2 ? order.id : other.id,
          creditId,
          amount: money(between(random, Math.ceil(creditCents / 3), Math.ceil(creditCents / 2))),
        })),
      ];
      const describeWrite = (write: AppWrite) =>
        write.kind === "receive"
          ? `receive ${write.received} of ${ordered}`
          : write.kind === "payment"
            ? `pay ${write.amount} of ${money(totalCents)}`
            : write.kind === "credit"
              ? `apply ${write.amount} of the ${money(creditCents)} credit to order ${write.orderId === order.id ? 1 : 2}`
              : "submit a delivery";
      const openedByProcess = 2;

      await queueNeutralEffects(25);
      const appliedBefore = await effectsOf("applied");
      const { outcomes, shots, deliveries } = await race(
        target,
        round,
        random,
        writes,
        describeWrite,
        "app write",
        [
          {
            label: "open a delivery",
            family: "app write",
            send: () => w.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} }),
          },
          {
            label: "add a shipment",
            family: "app write",
            send: () => w.writer.call("add_purchase_order_shipment", { params: { id: order.id }, body: { carrier: "UPS", note: `round ${round}` } }),
          },
          {
            label: "PATCH the note",
            family: "app write",
            send: () => w.writer.call("update_purchase_order", { params: { id: order.id }, body: { note: `round ${round}` } }),
          },
          ...crossedShots("payment", order),
        ],
        { orderId: order.id, count: openedByProcess },
      );
      if ((await effectsOf("applied")) > appliedBefore) overlapped += 1;

      // Everything staged reaches Shopify, and Shopify's incoming agrees with the orders.
      await drained(120_000);
      await w.refill();
      const reconciled = await w.writer.call("reconcile_incoming", { body: {} });

      const stored = await storedReceipts(order.id, order.lineId);
      const paid = await storedPaidCents(order.id);
      const applications = await storedApplications(creditId);
      const applied = sum([...applications.values()]);
      // What is left to pay on each order and of the credit: each only fell during the round.
      const dueCents = (orderId: string) => (orderId === order.id ? totalCents - paid : 6 * UNIT_COST_CENTS) - (applications.get(orderId) ?? 0);
      const receivedByAnswers = acceptedSum(outcomes, (write) => (write.kind === "receive" ? write.received : null));
      const paidByAnswers = acceptedSum(outcomes, (write) => (write.kind === "payment" ? cents(write.amount) : null));
      const appliedByAnswers = acceptedSum(outcomes, (write) => (write.kind === "credit" ? cents(write.amount) : null));
      const openedByAnswers = deliveries.succeeded + (accepted(shots[0]!) ? 1 : 0);
      const numbers = (await w.db.delivery.findMany({ where: { purchaseOrderId: order.id }, orderBy: { number: "asc" } })).map(
        (delivery) => delivery.number,
      );
      const failedEffects = await effectsOf("failed");
      const problems = [
        ...(stored.received !== receivedByAnswers ? [`stored received ${stored.received}, the accepted writes booked ${receivedByAnswers}`] : []),
        ...(paid !== paidByAnswers ? [`stored paid ${money(paid)}, the accepted writes paid ${money(paidByAnswers)}`] : []),
        ...(dueCents(order.id) < 0
          ? [`paid ${money(paid)} with ${money(applications.get(order.id) ?? 0)} of credit on a ${money(totalCents)} order`]
          : []),
        ...(applied !== appliedByAnswers
          ? [`stored ${money(applied)} of credit applied, the accepted writes applied ${money(appliedByAnswers)}`]
          : []),
        ...(applied > creditCents ? [`applied ${money(applied)} of a ${money(creditCents)} credit`] : []),
        ...(numbers.join(",") !== numbers.map((_, index) => index + 1).join(",") || numbers.length !== openedByAnswers
          ? [`deliveries numbered ${numbers.join(",")} for ${openedByAnswers} opened`]
          : []),
        ...(deliveries.errors.length ? [`the app process failed to open deliveries: ${deliveries.errors.join(" | ")}`] : []),
        ...(reconciled.status !== 200 || reconciled.body.status !== "clean"
          ? [`Shopify's incoming disagrees with the orders: ${reconciled.status} ${JSON.stringify(reconciled.body?.rows ?? reconciled.error)}`]
          : []),
        ...(failedEffects > 0 ? [`${failedEffects} Shopify effects failed`] : []),
        // Only money is refused here: a payment past what the order had due then, an application
        // past what the credit had left or the order had due then (so also past what is left now).
        ...unexplained(outcomes, ({ write, answer }) => {
          if (answer.status !== 422) return false;
          if (write.kind === "payment") return cents(write.amount) > dueCents(write.orderId);
          return write.kind === "credit" && cents(write.amount) > Math.min(creditCents - applied, dueCents(write.orderId));
        }),
        ...shots
          .filter((answer) => !answer.mustRefuse && !accepted(answer))
          .map((answer) => `${answer.label} refused: ${answer.status} ${answer.detail ?? ""}`),
        ...crossedProblems(shots),
        // The race was real: the worker applied effects while the writes ran (in some round at least).
        ...(round === ROUNDS && overlapped === 0 ? ["the worker applied nothing while the writes ran in any round"] : []),
      ];
      return problems;
    },
    600_000,
  );
});
