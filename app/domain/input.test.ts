import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  CONTROL_CHARACTER_MESSAGE,
  inputTextProblems,
  isRecordId,
  isShopDomain,
  isShopifyId,
  LONE_SURROGATE_MESSAGE,
  RESERVED_KEY_MESSAGE,
  shopifyIdMessage,
  shopifyIdPattern,
  textProblem,
} from "./input";

describe("Shopify ids", () => {
  it("accepts a resource's gid and nothing else", () => {
    expect(isShopifyId("ProductVariant", "gid://shopify/ProductVariant/44000000001")).toBe(true);
    for (const malformed of [
      "abc",
      "",
      "44000000001",
      "gid://shopify/Product/44000000001",
      "gid://shopify/ProductVariant/",
      "gid://shopify/ProductVariant/0",
      "gid://shopify/ProductVariant/12a",
      " gid://shopify/ProductVariant/1",
      "gid://shopify/ProductVariant/1\n",
      `gid://shopify/ProductVariant/${"9".repeat(21)}`,
      "gid://shopify/ProductVariant/1?x=1",
    ]) {
      expect(isShopifyId("ProductVariant", malformed), malformed).toBe(false);
    }
    expect(isShopifyId("Location", "gid://shopify/Location/1")).toBe(true);
    expect(isShopifyId("InventoryItem", "gid://shopify/Location/1")).toBe(false);
  });

  it("says what an id looks like, and its pattern is plain enough for JSON Schema", () => {
    expect(shopifyIdMessage("InventoryItem")).toBe("Must be a Shopify inventory item id, e.g. gid://shopify/InventoryItem/1234567890");
    expect(shopifyIdPattern("Location").flags).toBe("");
  });
});

describe("record ids", () => {
  it("accepts generated ids (cuid, UUID) and refuses what no id looks like", () => {
    expect(isRecordId("cmx81jsoe0001xw7ds9mpocf6")).toBe(true);
    expect(isRecordId("0b1c3f2e-8d4a-4c1e-9f7a-2b9d1e0c5a6f")).toBe(true);
    for (const malformed of ["", "a/b", "a b", "x".repeat(65), "a\u0000", "ä"]) expect(isRecordId(malformed), malformed).toBe(false);
  });
});

describe("shop domains", () => {
  it("is a host name, never a URL, a path, a list or a port", () => {
    for (const domain of ["my-store.myshopify.com", "My_Store.myshopify.com", "shop1.shop.dev"]) expect(isShopDomain(domain), domain).toBe(true);
    for (const malformed of [
      "",
      "my-store",
      "my-store.myshopify.com/",
      "https://my-store.myshopify.com",
      "my-store.myshopify.com, other.myshopify.com",
      "my-store.myshopify.com:443",
      "../my-store.myshopify.com",
      "a b.myshopify.com",
      ".myshopify.com",
      `${"a".repeat(250)}.myshopify.com`,
    ]) {
      expect(isShopDomain(malformed), malformed).toBe(false);
    }
  });
});

describe("text", () => {
  it("refuses control characters but tab and line breaks", () => {
    expect(textProblem("a\u0000b")).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(textProblem("a\u001bb")).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(textProblem("a\u007fb")).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(textProblem("a\u0085b")).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(textProblem("line 1\r\nline 2\tend\n")).toBeUndefined();
  });

  it("refuses lone surrogates and keeps every other character as it is", () => {
    expect(textProblem("\ud800")).toBe(LONE_SURROGATE_MESSAGE);
    expect(textProblem("x\udc00")).toBe(LONE_SURROGATE_MESSAGE);
    expect(textProblem("👍🏽 Ünïcödé ‮rtl‬ e\u0301 \u200b \ufeff 𝔘")).toBeUndefined();
  });

  it("finds no problem in any text of ordinary characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const hasControl = [...text].some((character) => {
          const code = character.codePointAt(0)!;
          return (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) || (code >= 0x7f && code <= 0x9f);
        });
        expect(textProblem(text) === undefined).toBe(!hasControl);
      }),
    );
  });
});

describe("input text problems", () => {
  it("names every field at fault by its path, in the order given, keys included", () => {
    const input = JSON.parse('{"note":"a\\u0000b","items":[{"title":"ok"},{"title":"x\\u0007"}],"tags":{"bad\\u0001key":"v"}}');
    expect(inputTextProblems(input)).toEqual({
      note: CONTROL_CHARACTER_MESSAGE,
      "items.1.title": CONTROL_CHARACTER_MESSAGE,
      "tags.bad\u0001key": CONTROL_CHARACTER_MESSAGE,
    });
    expect(Object.keys(inputTextProblems(input))[0]).toBe("note");
  });

  it("names reserved keys as fields, __proto__ included, wherever they are", () => {
    const problems = inputTextProblems(JSON.parse('{"__proto__":{"polluted":true},"items":[{"constructor":{"prototype":{}}}]}'));
    expect(Object.keys(problems)).toEqual(["__proto__", "items.0.constructor"]);
    expect(problems["__proto__"]).toBe(RESERVED_KEY_MESSAGE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("walks any depth without exhausting the stack", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}"\\u0000"${"]".repeat(100_000)}`);
    expect(Object.keys(inputTextProblems(deep))[0]).toMatch(/^0(\.0)+$/);
    expect(inputTextProblems(Array.from({ length: 300_000 }, () => "ok"))).toEqual({});
  });

  it("has nothing to say about clean input", () => {
    expect(inputTextProblems({ note: "Deliver to dock 2\r\n", quantity: 4, tags: ["a"], nothing: null })).toEqual({});
  });
});
