import { describe, expect, it } from "vitest";

import { DEFAULT_INDEX_QUERY, parseIndexQuery } from "./index-query";

describe("parseIndexQuery", () => {
  const parse = (query: string) => parseIndexQuery(new URLSearchParams(query));

  it("reads nothing given as the default query, and values it does not offer as not given", () => {
    expect(parse("")).toEqual(DEFAULT_INDEX_QUERY);
    expect(parse("tab=nope&sort=colour-up&paid=maybe&expected_from=31-01-2026")).toEqual(DEFAULT_INDEX_QUERY);
  });

  it("takes the search box's text trimmed, without control characters (a NUL included), at most 200 characters", () => {
    expect(parse("q=%20%20SKU-1%20").search).toBe("SKU-1");
    expect(parse("q=ab%00cd%1B").search).toBe("abcd");
    expect(parse("q=%00").search).toBe("");
    expect(parse(`q=${"x".repeat(300)}`).search).toHaveLength(200);
  });
});
