import { describe, expect, it } from "vitest";

import { CODE_B, CODE_C, encodeCode128, isCode128Encodable, START_B, START_C, STOP } from "./code128";

/**
 * Expected symbols are worked out by hand from the standard: a character's code set B value is
 * its ASCII code − 32, and the checksum is (start + Σ position × value) mod 103.
 */
describe("Code 128", () => {
  it("encodes a character in code set B with its checksum, as the standard's bar and space widths", () => {
    // "A" = 33; checksum (104 + 33) mod 103 = 34.
    const code = encodeCode128("A");
    expect(code.symbols).toEqual([START_B, 33, 34, STOP]);
    // Start B, "A", value 34, stop (with its final bar), from the ISO/IEC 15417 table.
    expect(code.widths.join("")).toBe("211214" + "111323" + "131123" + "2331112");
    expect(code.modules).toBe(3 * 11 + 13);
  });

  it("keeps a short digit run in the middle in code set B", () => {
    // 104 + 48 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879 ≡ 55 (mod 103).
    expect(encodeCode128("PJJ123C").symbols).toEqual([START_B, 48, 42, 42, 17, 18, 19, 35, 55, STOP]);
    // 104 + 56 + 17·2 + 18·3 + 19·4 + 20·5 + 21·6 + 57·7 = 949 ≡ 22.
    expect(encodeCode128("X12345Y").symbols).toEqual([START_B, 56, 17, 18, 19, 20, 21, 57, 22, STOP]);
  });

  it("encodes digits in pairs in code set C: all digits, a run of 4 at the end, 6 or more in the middle", () => {
    // 105 + 12 + 34·2 + 56·3 + 78·4 + 90·5 = 1115 ≡ 85.
    expect(encodeCode128("1234567890").symbols).toEqual([START_C, 12, 34, 56, 78, 90, 85, STOP]);
    // 104 + 33 + 34·2 + 99·3 + 12·4 + 34·5 + 56·6 + 78·7 = 1602 ≡ 57.
    expect(encodeCode128("AB12345678").symbols).toEqual([START_B, 33, 34, CODE_C, 12, 34, 56, 78, 57, STOP]);
    // An odd run of 7: its first digit in B, then three pairs, then back to B.
    // 104 + 56 + 17·2 + 99·3 + 23·4 + 45·5 + 67·6 + 100·7 + 57·8 = 2366 ≡ 100.
    expect(encodeCode128("X1234567Y").symbols).toEqual([START_B, 56, 17, CODE_C, 23, 45, 67, CODE_B, 57, 100, STOP]);
  });

  it("starts in code set C for a leading run of 4 digits", () => {
    // 105 + 12 + 34·2 + 100·3 + 33·4 = 617 ≡ 102.
    expect(encodeCode128("1234A").symbols).toEqual([START_C, 12, 34, CODE_B, 33, 102, STOP]);
  });

  it("builds every symbol from 11 modules (the stop from 13), alternating bars and spaces", () => {
    const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).join("");
    const code = encodeCode128(printable);
    expect(code.modules).toBe((code.symbols.length - 1) * 11 + 13);
    expect(code.widths.length % 2).toBe(1);
    expect(code.widths.every((width) => width >= 1 && width <= 4)).toBe(true);
  });

  it("refuses what code sets B and C cannot hold: empty, control characters, non-ASCII", () => {
    for (const value of ["", "Café", "tab\there", "東京"]) {
      expect(isCode128Encodable(value)).toBe(false);
      expect(() => encodeCode128(value)).toThrow(RangeError);
    }
    expect(isCode128Encodable("SKU-001 ~")).toBe(true);
  });
});
