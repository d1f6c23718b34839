import type { FieldErrors } from "./errors";

/**
 * What Inbound accepts from outside, whatever the door (REST, MCP, the screens' forms, CSV files):
 * the shape of ids, and text it can store exactly as it was sent. One rule each, so every door
 * refuses the same input with the same words, before anything reaches Shopify or the database.
 */

// ---------------------------------------------------------------------------------------------
// Ids

/** The Shopify objects whose ids Inbound takes from outside. */
export const SHOPIFY_RESOURCES = ["Product", "ProductVariant", "InventoryItem", "Location"] as const;
export type ShopifyResource = (typeof SHOPIFY_RESOURCES)[number];

const RESOURCE_LABELS: Record<ShopifyResource, string> = {
  Product: "product",
  ProductVariant: "product variant",
  InventoryItem: "inventory item",
  Location: "location",
};

/**
 * Shopify's global id of a resource: `gid://shopify/ProductVariant/123`. Shopify answers a
 * malformed id with an error for the whole request ("Invalid global id"), so anything else is
 * refused before Shopify sees it. Written without flags or look-arounds: the API publishes it as
 * a JSON Schema pattern.
 */
export function shopifyIdPattern(resource: ShopifyResource): RegExp {
  return new RegExp(`^gid://shopify/${resource}/[1-9][0-9]{0,19}$`);
}

const SHOPIFY_ID_PATTERNS = Object.fromEntries(SHOPIFY_RESOURCES.map((resource) => [resource, shopifyIdPattern(resource)])) as Record<
  ShopifyResource,
  RegExp
>;

export function isShopifyId(resource: ShopifyResource, value: string): boolean {
  return SHOPIFY_ID_PATTERNS[resource].test(value);
}

/** What a malformed id of `resource` is told. */
export function shopifyIdMessage(resource: ShopifyResource): string {
  return `Must be a Shopify ${RESOURCE_LABELS[resource]} id, e.g. gid://shopify/${resource}/1234567890`;
}

/**
 * Inbound's own record ids as it hands them out (cuids, UUIDs): letters, digits, `-` and `_`. A
 * well-formed id that names nothing is "not found"; anything else (a megabyte, a slash, a control
 * character) is refused as malformed, naming the field.
 */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const RECORD_ID_MESSAGE = "Must be an id as Inbound gives them: 1 to 64 letters, digits, - or _";

export function isRecordId(value: string): boolean {
  return RECORD_ID_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------
// Shops

/**
 * A shop's domain as Shopify names it (X-Shopify-Shop-Domain, `my-store.myshopify.com`): a host
 * name, its first label letters, digits, `-` and `_`; never a URL, a path, a list or a port. Which
 * domains are Shopify's stays the library's check (`sanitizeShop`, which knows configured custom
 * shop domains too); this one refuses what that lets through, such as a trailing slash.
 */
export const SHOP_DOMAIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9-]+)+$/;

export function isShopDomain(value: string): boolean {
  return value.length <= 255 && SHOP_DOMAIN_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Control characters but tab, line feed and carriage return (forms send line breaks as CR LF):
 * C0, DEL and C1. SQLite cuts text at a NUL, so "a\u0000b" would be stored as "a"; the others
 * are invisible and break CSV files, emails and PDFs.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half of a UTF-16 surrogate pair: not a character at all; stored as UTF-8 it would become U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const CONTROL_CHARACTER_MESSAGE = "Must not contain control characters (tab and line breaks are fine)";
export const LONE_SURROGATE_MESSAGE = "Is not valid Unicode text (a lone UTF-16 surrogate)";

/** `text` without its control characters (tab and line breaks kept): for free text that is looked for, not stored, such as a search box's. */
export function withoutControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTER.source, "g"), "");
}

/** Why Inbound cannot store this text exactly as given, or undefined when it can. Any other Unicode is kept as sent. */
export function textProblem(text: string): string | undefined {
  if (CONTROL_CHARACTER.test(text)) return CONTROL_CHARACTER_MESSAGE;
  if (LONE_SURROGATE.test(text)) return LONE_SURROGATE_MESSAGE;
  return undefined;
}

/**
 * Names that must never be used as object keys: assigned to a plain object they reach its
 * prototype (`__proto__`), or lead merges there (`constructor.prototype`). No field of Inbound's
 * has these names, so they are refused wherever they appear.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
export const RESERVED_KEY_MESSAGE = "Not accepted as a field or key name";

/**
 * Every text problem in parsed input (a JSON body, a query, a form), by the path a client names
 * it with (`items.2.note`); object keys are checked too. Walked without recursion, so no nesting
 * depth can exhaust the stack. Built with Object.fromEntries, so even `__proto__` is a field.
 */
export function inputTextProblems(input: unknown): FieldErrors {
  const problems: Array<[string, string]> = [];
  // A path is kept as a link to its parent, so going a level deeper costs the same at any depth.
  interface Step {
    value: unknown;
    key: string | number | null;
    parent: Step | null;
  }
  const pathOf = (step: Step | null, key?: string) => {
    const parts: Array<string | number> = key === undefined ? [] : [key];
    for (let at = step; at && at.key !== null; at = at.parent) parts.push(at.key);
    return parts.reverse().join(".") || "body";
  };
  const seen = new Set<string>();
  const report = (field: string, message: string) => {
    if (!seen.has(field)) {
      seen.add(field);
      problems.push([field, message]);
    }
  };
  const pending: Step[] = [{ value: input, key: null, parent: null }];
  while (pending.length > 0) {
    const step = pending.pop()!;
    const { value } = step;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) report(pathOf(step), problem);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const children: Step[] = [];
    if (Array.isArray(value)) value.forEach((item, index) => children.push({ value: item, key: index, parent: step }));
    else {
      for (const [key, item] of Object.entries(value)) {
        const keyProblem = RESERVED_KEYS.has(key) ? RESERVED_KEY_MESSAGE : textProblem(key);
        if (keyProblem) report(pathOf(step, key), keyProblem);
        else children.push({ value: item, key, parent: step });
      }
    }
    // Last child first onto the stack, so fields are visited (and reported) in the order given.
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]!);
  }
  return Object.fromEntries(problems);
}
