import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { onPostgresql } from "../support/database";
import { actionRoutes, screenPath } from "../support/screens";

import { ATTACK, seededRandom, targetSeed } from "./support/corpus";
import {
  applyMutation,
  multipart,
  mutationFamilies,
  namedFields,
  pathSegment,
  sampleMutations,
  send,
  urlEncoded,
  validRequest,
  type Answer,
  type FormRequest,
  type FormShape,
  type IdKind,
} from "./support/forms-cases";
import { FORM_TARGETS, targetName, type FormTarget } from "./support/forms-catalogue";
import { neighbourIds, shopHandles, shopMakers, type ShopMakers } from "./support/forms-world";
import { AttackTally, type AttackCase } from "./support/tally";
import { startTwoShops, type TwoShops } from "./support/two-shops";

/**
 * Every form action of the embedded screens, attacked over real HTTP as the demo shop (issue #14):
 * for each route and each intent it handles, a valid form and `ATTACK.casesPerTarget` seeded
 * mutations of it (hostile values in each field, fields missing or repeated, unknown fields and
 * intents, the neighbour shop's ids in the URL and in fields, broken multipart, wrong content
 * types, another site's post), sent urlencoded or multipart as a browser would (a lone surrogate
 * as the WTF-8 bytes a careless client writes, which the server decodes as U+FFFD). Never a 5xx; what
 * the form's own rules refuse is refused (a 4xx naming the field when one field was changed) and
 * leaves every stored row of both shops as it was; another site's post is a 403.
 */

const tally = new AttackTally("forms");
let world: TwoShops;
let own: ShopMakers;
let neighbour: Record<IdKind, string>;

beforeAll(async () => {
  world = await startTwoShops("forms-attack");
  const handles = shopHandles(world);
  own = shopMakers(world, handles.own);
  neighbour = await neighbourIds(shopMakers(world, handles.neighbour));
}, 180_000);

afterAll(async () => {
  tally.write();
  await world?.close();
});

const intentsOf = (route: string) =>
  FORM_TARGETS.filter((target) => target.route === route).flatMap((target) => (target.intent === null ? [] : [target.intent]));

/** Sends a case as a browser would: from the app's own page (Origin, Sec-Fetch-Site) unless the case says otherwise. */
function sendForm(target: FormTarget, request: FormRequest, encoding: "urlencoded" | "multipart"): Promise<Answer> {
  const path = screenPath(target.route, request.params, pathSegment);
  const headers: Record<string, string> = request.headers ?? { Origin: world.server.origin, "Sec-Fetch-Site": "same-origin" };
  let body: Buffer | null = null;
  if (request.raw) {
    body = Buffer.from(request.raw.body, "utf8");
    if (request.raw.contentType) headers["Content-Type"] = request.raw.contentType;
  } else if (request.method !== "DELETE" || request.entries.length > 0) {
    if (encoding === "multipart") {
      const boundary = `----InboundAttack${Math.random().toString(16).slice(2)}`;
      body = multipart(request.entries, boundary);
      headers["Content-Type"] = `multipart/form-data; boundary=${boundary}`;
    } else {
      body = urlEncoded(request.entries);
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
  }
  return send(world.server.origin, request.method, path, headers, body);
}

interface TargetRun {
  failures: string[];
  /** The valid form was not accepted (the catalogue's form is wrong, or the action is). */
  validRefused: string | null;
  /** Another site's post answered with something other than 403. */
  crossSiteNot403: string[];
}

/**
 * How many commits other connections (the app's) made to the database: SQLite's data_version,
 * which this connection sees change only when another one wrote. An answer after which it did
 * not change wrote nothing, and the stored state (a hash of every row) need not be read again.
 * PostgreSQL has no such counter that is current at once (its statistics lag): null, and the
 * state is always compared.
 */
async function commits(): Promise<number | null> {
  if (onPostgresql) return null;
  const [row] = await world.db.$queryRawUnsafe<Array<{ data_version: number | bigint }>>("PRAGMA data_version");
  return Number(row!.data_version);
}

async function attack(target: FormTarget): Promise<TargetRun> {
  const name = targetName(target);
  const local = new AttackTally("forms");
  const record = (attack: AttackCase) => {
    tally.record(attack);
    local.record(attack);
  };
  const random = seededRandom(targetSeed(`form:${target.route}:${target.intent ?? ""}`));
  const method = target.method ?? "POST";
  const prepare = async () => {
    await world.refill();
    const fixture = await target.prepare(own);
    const shape: FormShape = { fields: fixture.fields, params: fixture.params, paramKinds: target.params, intent: target.intent };
    return { shape, before: await world.state(), version: await commits() };
  };
  let fixture = await prepare();
  const families = mutationFamilies(fixture.shape, { routeIntents: intentsOf(target.route), bodyless: method === "DELETE" });
  const crossSiteNot403: string[] = [];
  let stale = false;
  for (const { family, mutation } of sampleMutations(families, ATTACK.casesPerTarget, random)) {
    if (stale) fixture = await prepare();
    const encoding = target.upload || random() < 0.5 ? "multipart" : "urlencoded";
    const request = applyMutation(fixture.shape, method, mutation, neighbour);
    const answer = await sendForm(target, request, encoding);
    const refused = answer.status >= 400;
    // A refusal must have changed nothing; what an accepted case changed is not judged (its form is prepared again).
    const committed = fixture.version === null || (await commits()) !== fixture.version;
    const changed = refused && committed && (await world.state()) !== fixture.before;
    record({
      target: name,
      label: `${request.label} (${request.raw ? "raw body" : encoding})`,
      family,
      status: answer.status,
      mustRefuse: request.mustRefuse,
      changed,
      unnamed: request.namesField && (answer.status === 400 || answer.status === 422) && namedFields(answer).length === 0,
      detail: answer.text.slice(0, 300),
    });
    if (request.crossSite && answer.status !== 403) crossSiteNot403.push(`${request.label} → ${answer.status}`);
    stale = !refused || changed;
  }
  if (stale) fixture = await prepare();
  const answer = await sendForm(target, validRequest(fixture.shape, method), target.upload ? "multipart" : "urlencoded");
  record({ target: name, label: "valid form", family: "valid form", status: answer.status, mustRefuse: false, changed: false });
  return {
    failures: local.failures(),
    validRefused: answer.status < 400 ? null : `${answer.status} ${answer.text.slice(0, 300)}`,
    crossSiteNot403,
  };
}

describe("every form action of the embedded screens", () => {
  it.each(FORM_TARGETS.map((target) => [targetName(target), target] as const))("%s", async (_, target) => {
    const run = await attack(target);
    expect(run.failures).toEqual([]);
    expect(run.crossSiteNot403).toEqual([]);
    expect(run.validRefused).toBeNull();
  });
});

const ROUTE_SOURCES = import.meta.glob<string>(["../../app/routes/app.*.tsx", "../../app/routes/app.*/route.tsx"], {
  query: "?raw",
  import: "default",
});

describe("the catalogue of forms", () => {
  it("attacks every screen action and every intent each takes: an action or intent added without its attack fails here", async () => {
    const actions = await actionRoutes();
    expect(actions.map((route) => route.id).sort()).toEqual([...new Set(FORM_TARGETS.map((target) => target.route))].sort());
    for (const route of actions) {
      const source = await (ROUTE_SOURCES[`../../app/routes/${route.id}.tsx`] ?? ROUTE_SOURCES[`../../app/routes/${route.id}/route.tsx`])!();
      const attacked = intentsOf(route.id).sort();
      if (!/\bintent\b/.test(source)) {
        expect(attacked, `${route.id} reads no intent: the suite attacks its one form`).toEqual([]);
        continue;
      }
      // A form naming an intent the action does not take is refused with the ones it does take.
      await world.refill();
      const { params } = await FORM_TARGETS.find((target) => target.route === route.id)!.prepare(own);
      const answer = await send(
        world.server.origin,
        "POST",
        screenPath(route.id, params),
        { Origin: world.server.origin, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
        Buffer.from("intent=probe"),
      );
      expect(answer.status, `${route.id}: ${answer.text.slice(0, 200)}`).toBe(422);
      const taken = /^intent: Must be one of: (.+)$/.exec(answer.text)?.[1]?.split(", ").sort();
      expect(taken, `${route.id} takes intents the suite does not attack (or attacks ones it does not take)`).toEqual(attacked);
    }
  });
});
