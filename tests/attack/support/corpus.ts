/**
 * The attack suite's hostile inputs (issue #14), generated from one seed so a failing case can be
 * replayed: `ATTACK_SEED=<seed> npm run test:attack`. The short run (inside `npm test`) takes a
 * few cases per target; the long run (`npm run test:attack -- --long`) takes many.
 */

export { seededRandom } from "../../standin/seeded-random";

const long = process.env.ATTACK_LONG === "1";

export const ATTACK = {
  long,
  seed: Number(process.env.ATTACK_SEED ?? 20261204),
  /** Cases per target (a REST operation, an MCP tool, a form action, a webhook route). */
  casesPerTarget: Number(process.env.ATTACK_CASES ?? (long ? 24 : 4)),
} as const;

/** `count` items of `items`, chosen without repeats by `random` (all of them when there are fewer). */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let index = pool.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [pool[index], pool[other]] = [pool[other]!, pool[index]!];
  }
  return pool.slice(0, count);
}

/** A seed of its own for each target, so adding a target does not change the others' cases. */
export function targetSeed(target: string): number {
  let hash = ATTACK.seed >>> 0;
  for (const character of target) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

export interface HostileValue {
  /** What kind of hostility, for the report: "wrong type", "huge string", "control character"… */
  family: string;
  label: string;
  value: unknown;
}

const HUGE = 200_000;

/** Values put in place of a field: wrong types, sizes, numbers, dates, ids and characters. */
export const HOSTILE_VALUES: readonly HostileValue[] = [
  { family: "wrong type", label: "null", value: null },
  { family: "wrong type", label: "true", value: true },
  { family: "wrong type", label: "number 7", value: 7 },
  { family: "wrong type", label: "string", value: "seven" },
  { family: "wrong type", label: "empty string", value: "" },
  { family: "wrong type", label: "array", value: ["a", 1] },
  { family: "wrong type", label: "empty array", value: [] },
  { family: "wrong type", label: "object", value: { nested: { deeper: 1 } } },
  { family: "huge", label: `string of ${HUGE} characters`, value: "x".repeat(HUGE) },
  { family: "huge", label: "array of 20 000 items", value: Array.from({ length: 20_000 }, (_, index) => index) },
  { family: "number", label: "-1", value: -1 },
  { family: "number", label: "0", value: 0 },
  { family: "number", label: "0.5", value: 0.5 },
  { family: "number", label: "1e308", value: 1e308 },
  { family: "number", label: "2^53 + 2", value: 2 ** 53 + 2 },
  { family: "number", label: "-0.000001", value: -0.000001 },
  { family: "number", label: 'string "1e999"', value: "1e999" },
  { family: "number", label: 'string "NaN"', value: "NaN" },
  { family: "number", label: 'string "-12.345678901234567890"', value: "-12.345678901234567890" },
  { family: "number", label: 'string " 1 "', value: " 1 " },
  { family: "date", label: "2026-13-45", value: "2026-13-45" },
  { family: "date", label: "yesterday", value: "yesterday" },
  { family: "date", label: "hour 25", value: "2026-12-04T25:00:00Z" },
  { family: "date", label: "zone +25:00", value: "2026-12-04T10:00:00+25:00" },
  { family: "date", label: "year 275760", value: "+275760-09-13T00:00:00Z" },
  { family: "date", label: "epoch number", value: 1764806400000 },
  { family: "id", label: "abc", value: "abc" },
  { family: "id", label: "gid of the wrong type", value: "gid://shopify/Order/1" },
  { family: "id", label: "negative gid", value: "gid://shopify/ProductVariant/-1" },
  { family: "id", label: "gid with a path", value: "gid://shopify/Location/1/../../2" },
  { family: "id", label: "unknown record id", value: "cm0000000000000000unknown" },
  { family: "id", label: "sql", value: "1' OR '1'='1" },
  { family: "characters", label: "NUL", value: "a\u0000b" },
  { family: "characters", label: "escape sequence", value: "\u001b[31mred" },
  { family: "characters", label: "lone surrogate", value: "a\ud800b" },
  { family: "characters", label: "right-to-left override", value: "abc\u202edef" },
  { family: "characters", label: "zero-width and combining", value: "e\u0301\u200b\u200d" },
  { family: "characters", label: "emoji", value: "📦🚚" },
  { family: "characters", label: "html", value: "<script>alert(1)</script>" },
];

/** Keys a body must not smuggle in (prototype pollution) or that no operation knows. */
export const HOSTILE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype", "unexpected_field"];

export type JsonPath = ReadonlyArray<string | number>;

export interface BodyMutation {
  /** What was done, for the report: `items.0.quantity = -1 (number)`. */
  label: string;
  family: string;
  /** The path changed (empty for the whole body). */
  path: JsonPath;
  /** The body to send, as JSON text (so `__proto__` keys survive). */
  json: string;
}

/** Every leaf and object path of a JSON value, depth first. */
export function jsonPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => jsonPaths(item, [...prefix, index]))];
  if (value !== null && typeof value === "object") {
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => jsonPaths(item, [...prefix, key]))];
  }
  return [prefix];
}

export function replaced(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaced(item, rest, replacement) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head as string]: replaced(object[head as string], rest, replacement) };
}

function removed(value: unknown, path: JsonPath): unknown {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (Array.isArray(value)) return value.filter((_, index) => index !== head);
    const { [head as string]: _dropped, ...others } = value as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? removed(item, rest) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head as string]: removed(object[head as string], rest) };
}

const pathLabel = (path: JsonPath) => (path.length ? path.join(".") : "(body)");

/**
 * Every mutation of a valid body: each path given each hostile value, each key removed, each
 * hostile key added at each object, and whole-body replacements. The caller samples from them.
 */
export function bodyMutations(valid: Record<string, unknown>): BodyMutation[] {
  const mutations: BodyMutation[] = [];
  const paths = jsonPaths(valid);
  for (const path of paths) {
    for (const hostile of HOSTILE_VALUES) {
      if (path.length === 0 && hostile.family !== "wrong type") continue;
      mutations.push({
        label: `${pathLabel(path)} = ${hostile.label}`,
        family: hostile.family,
        path,
        json: JSON.stringify(replaced(valid, path, hostile.value)),
      });
    }
    if (path.length > 0)
      mutations.push({ label: `${pathLabel(path)} missing`, family: "missing field", path, json: JSON.stringify(removed(valid, path)) });
  }
  for (const path of paths) {
    const target = path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], valid);
    if (target === null || typeof target !== "object" || Array.isArray(target)) continue;
    for (const key of HOSTILE_KEYS) {
      // Written as text: JSON.stringify of an object literal would drop a __proto__ key.
      const inner = JSON.stringify(target).replace(/^\{/, `{${JSON.stringify(key)}:{"polluted":true}${Object.keys(target).length ? "," : ""}`);
      const json =
        path.length === 0 ? inner : JSON.stringify(replaced(valid, path, "\u0000MARK\u0000")).replace(JSON.stringify("\u0000MARK\u0000"), inner);
      mutations.push({ label: `${pathLabel([...path, key])} added`, family: "extra field", path: [...path, key], json });
    }
  }
  mutations.push({ label: "body is not JSON", family: "bad JSON", path: [], json: '{"supplier_id": ' });
  mutations.push({ label: "body nested 5 000 deep", family: "bad JSON", path: [], json: `${"[".repeat(5000)}${"]".repeat(5000)}` });
  return mutations;
}
