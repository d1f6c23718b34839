import { createHash } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ErrorBody } from "../support/api";

import {
  attacksOn,
  compose,
  documentOperations,
  requestContract,
  sampleAttacks,
  valueAt,
  type ApiOperationShape,
  type Attack,
  type Outgoing,
  type RequestContract,
} from "./support/api-cases";
import { API_TARGETS, apiWorld, type ApiWorld, type Target, type ValidRequest } from "./support/api-requests";
import { ATTACK, seededRandom, targetSeed } from "./support/corpus";
import { storedState } from "./support/state";
import { AttackTally } from "./support/tally";
import { startTwoShops, type TwoShops } from "./support/two-shops";

/**
 * The REST API attacked from outside (issue #14): every operation of the OpenAPI document the app
 * serves, over real HTTP, with two shops installed. Each operation gets one valid request
 * (support/api-requests.ts) and `ATTACK.casesPerTarget` cases drawn from its families
 * (support/api-cases.ts): body fields, path ids (malformed, unknown, the neighbour's), query
 * parameters, content types, bytes that are not UTF-8, sizes, broken multipart, the wrong caller.
 *
 * The oracle: never a 5xx; a request the document's request schema refuses (or one naming the other
 * shop's records) is refused; a refusal changes no stored row and, for a single broken field, names
 * it; every answer is one the document describes, shows none of the neighbour's records, and another
 * shop's or an unknown id is a 404 or a 422. Replay a run with ATTACK_SEED, one operation with -t.
 */

const tally = new AttackTally("api");
let w: TwoShops;
let world: ApiWorld;
let contract: RequestContract;
let operations: ApiOperationShape[];

beforeAll(async () => {
  w = await startTwoShops("attack-api");
  world = await apiWorld(w);
  operations = documentOperations(w.server.document);
  contract = requestContract(w.server.document);
}, 300_000);

afterAll(async () => {
  if (process.env.ATTACK_DUMP) (await import("node:fs")).writeFileSync(process.env.ATTACK_DUMP, JSON.stringify(tally.cases, null, 1));
  tally.write();
  await w?.close();
});

interface Answer {
  status: number;
  text: string;
  error?: ErrorBody;
  violation?: string;
}

async function send(request: Outgoing): Promise<Answer> {
  const key = { writer: w.writeKey, reader: w.readKey, neighbour: w.neighbour.key, nobody: null }[request.caller];
  const headers = { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...request.headers };
  let response: Response;
  try {
    response = await fetch(`${w.server.origin}${request.path}`, { method: request.method, headers, body: request.body as BodyInit | undefined });
  } catch (error) {
    return { status: 0, text: "", violation: `no answer: ${String(error)}` };
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    return { status: response.status, text, violation: "the answer is not JSON" };
  }
  const error = response.ok ? undefined : (parsed as { error?: ErrorBody } | undefined)?.error;
  // A 5xx is counted as such; the contract covers every other answer.
  if (response.status >= 500 && response.status !== 503) return { status: response.status, text, error };
  try {
    w.server.checkContract(request.method, request.path, response.status, parsed);
  } catch (failure) {
    return {
      status: response.status,
      text,
      error,
      violation: String((failure as Error).message)
        .split("\n")[0]!
        .slice(0, 200),
    };
  }
  return { status: response.status, text, error };
}

/** The request as text, to tell an id it echoes from one it shows of its own accord. */
function requestText(request: Outgoing): string {
  const body =
    typeof request.body === "string" ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString("latin1") : "";
  return `${decodeURIComponentSafe(request.path)} ${body}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The refusal names the field broken, one inside it or the one around it (or, for a field left out, one beside it). */
function namesField(error: ErrorBody | undefined, field: string, missing: boolean): { unnamed: boolean; named: string[] } {
  const named = [error?.field, ...Object.keys(error?.fields ?? {})].filter((name): name is string => Boolean(name));
  const parent = (name: string) => name.slice(0, Math.max(name.lastIndexOf("."), 0));
  const related = (name: string) =>
    name === field || name.startsWith(`${field}.`) || field.startsWith(`${name}.`) || (missing && parent(name) === parent(field));
  return { unnamed: !named.some(related), named };
}

/**
 * What both shops hold in Shopify (the stand-in): a refusal must not have told Shopify anything
 * either. The rate-limit bucket and the count of calls (reads included) are left out.
 */
function shopifyState(): string {
  const hash = createHash("sha256");
  for (const domain of [w.domain, w.neighbour.domain]) {
    const { throttle: _throttle, adminApiCalls: _calls, ...held } = w.standin.store.inspect(domain);
    hash.update(JSON.stringify(held));
  }
  return hash.digest("hex");
}

async function attack(name: string, target: Target, attack: Attack): Promise<void> {
  const valid = await target.prepare();
  const built = attack.build(valid);
  await w.refill();
  const before = [await storedState(w.db, built.ignore), shopifyState()];
  const answer = await send(built.request);
  const refused = answer.status >= 400;
  const after = refused ? [await storedState(w.db, built.ignore), shopifyState()] : before;
  const changes = [after[0] !== before[0] ? "stored rows" : "", after[1] !== before[1] ? "Shopify" : ""].filter(Boolean);
  const changed = changes.length > 0;

  const violations: string[] = answer.violation ? [answer.violation] : [];
  if (built.only && answer.status < 500 && !built.only.includes(answer.status)) {
    violations.push(`answered ${answer.status}: an unknown id or another shop's must be ${built.only.join(" or ")}`);
  }
  if (built.echo && answer.status < 300) {
    // Text accepted is stored as sent (decision 009): where the answer shows the field, it shows it unchanged.
    const shown = valueAt(JSON.parse(answer.text), built.echo.path);
    if (shown !== undefined && shown !== built.echo.value) violations.push(`stored ${JSON.stringify(shown).slice(0, 80)}, not what was sent`);
  }
  const sentText = requestText(built.request);
  const shown = world.neighbourTokens.filter((token) => answer.text.includes(token) && !sentText.includes(token));
  if (shown.length > 0) violations.push(`shows the neighbour's ${shown.join(", ")}`);

  let unnamed = false;
  let naming = "";
  if (built.field && (answer.status === 400 || answer.status === 422)) {
    const result = namesField(answer.error, built.field, built.missing ?? false);
    unnamed = result.unnamed;
    const named = result.named;
    naming = named.length ? `names ${named.join(", ")}, not ${built.field}` : `names no field (broke ${built.field})`;
  }
  tally.record({
    target: name,
    label: attack.label,
    family: attack.family,
    status: answer.status,
    mustRefuse: built.mustRefuse,
    changed,
    unnamed,
    violation: violations.length ? violations.join("; ") : undefined,
    detail: [
      changed ? `changed ${changes.join(" and ")}` : "",
      unnamed ? naming : "",
      answer.error ? `${answer.error.code}: ${answer.error.message}` : answer.text.slice(0, 200),
    ]
      .filter(Boolean)
      .join(" — "),
  });
}

/** The valid request itself is taken (or refused only for the reason the table gives): the cases break one thing of a request that works. */
async function checkValid(operation: ApiOperationShape, target: Target, valid: ValidRequest): Promise<void> {
  if (valid.body) expect(contract.body(operation, valid.body), `${operation.operationId}: the valid body fits the document`).toBe(true);
  if (valid.query) expect(contract.query(operation, valid.query), `${operation.operationId}: the valid query fits the document`).toBe(true);
  await w.refill();
  const answer = await send(compose(operation, valid));
  expect(answer.violation).toBeUndefined();
  const expected = target.refusedBecause?.status;
  if (expected) expect(answer.status, `${operation.operationId}: ${target.refusedBecause!.why}`).toBe(expected);
  else expect(answer.status, `${operation.operationId}: ${answer.text.slice(0, 500)}`).toBeLessThan(300);
}

const failuresOf = (name: string) => tally.failures().filter((failure) => failure.includes(`: ${name} — `));

it("attacks every operation of the OpenAPI document the app serves", () => {
  expect(Object.keys(API_TARGETS).sort()).toEqual(operations.map((operation) => operation.operationId).sort());
});

describe(`every REST operation, ${ATTACK.casesPerTarget} cases each (seed ${ATTACK.seed})`, () => {
  for (const name of Object.keys(API_TARGETS)) {
    it(name, async () => {
      const operation = operations.find((candidate) => candidate.operationId === name)!;
      const target = API_TARGETS[name]!(world);
      // The valid request is the template every case is worked out from (its shape), then sent as is.
      const template = await target.prepare();
      const families = attacksOn({ operation, template, contract, neighbour: world.neighbour });
      await checkValid(operation, target, template);
      for (const chosen of sampleAttacks(families, ATTACK.casesPerTarget, seededRandom(targetSeed(name)))) await attack(name, target, chosen);
      expect(failuresOf(name)).toEqual([]);
    });
  }
});
