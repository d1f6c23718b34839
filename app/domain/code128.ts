/**
 * Code 128 (ISO/IEC 15417): the barcode on labels. Printable ASCII is encoded in code set B;
 * runs of digits switch to code set C (two digits per symbol) where that makes the symbol
 * shorter, following the standard's Annex E: a run of 4 or more digits at the start or end
 * of the data, 6 or more in the middle.
 */

/**
 * Element widths in modules (bar, space, bar, space, bar, space) of each symbol value 0–105,
 * and the stop pattern (106), which has a seventh element: its final bar.
 */
// prettier-ignore
const PATTERNS = [
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
  "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
  "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
  "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
  "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
  "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
  "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
  "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
  "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
  "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
] as const;

export const CODE_B = 100;
export const CODE_C = 99;
export const START_B = 104;
export const START_C = 105;
export const STOP = 106;

/** Modules of quiet (white) space a scanner needs on each side of the symbol. */
export const QUIET_ZONE_MODULES = 10;

export interface Code128 {
  /** Symbol values in order: start, data (with code set switches), checksum, stop. */
  symbols: number[];
  /** Widths in modules of alternating bars and spaces, starting and ending with a bar. */
  widths: number[];
  /** Total width in modules, without the quiet zones. */
  modules: number;
}

/** Code 128 without FNC4 covers printable ASCII only (space to "~"). */
export function isCode128Encodable(value: string): boolean {
  return value.length > 0 && /^[\x20-\x7e]+$/.test(value);
}

export function encodeCode128(value: string): Code128 {
  if (!isCode128Encodable(value)) throw new RangeError(`Code 128 encodes printable ASCII only, not ${JSON.stringify(value)}`);
  const symbols = [...dataSymbols(value)];
  const checksum = symbols.reduce((sum, symbol, index) => sum + symbol * Math.max(index, 1), 0) % 103;
  symbols.push(checksum, STOP);
  const widths = symbols.flatMap((symbol) => [...PATTERNS[symbol]!].map(Number));
  return { symbols, widths, modules: widths.reduce((sum, width) => sum + width, 0) };
}

/** The start symbol and the data symbols, switching between code sets B and C. */
function* dataSymbols(value: string): Generator<number> {
  let set: "B" | "C" | null = null;
  function* use(next: "B" | "C"): Generator<number> {
    if (set === next) return;
    if (next === "B") yield set === null ? START_B : CODE_B;
    else yield set === null ? START_C : CODE_C;
    set = next;
  }
  let index = 0;
  while (index < value.length) {
    const run = digitRun(value, index);
    const pairs = digitsWorthCodeC(run, index, value.length);
    if (pairs === 0) {
      // Up to the next digit run; a run too short to switch for is encoded here as well.
      yield* use("B");
      for (const end = index + Math.max(run, 1); index < end; index += 1) yield value.charCodeAt(index) - 32;
      continue;
    }
    if (run > pairs) {
      // An odd run: its first digit goes in code set B, so that the rest pairs up.
      yield* use("B");
      yield value.charCodeAt(index) - 32;
      index += 1;
    }
    yield* use("C");
    for (const end = index + pairs; index < end; index += 2) yield Number(value.slice(index, index + 2));
  }
}

/** How many digits of a run starting at `from` to encode as pairs in code set C (0: none). */
function digitsWorthCodeC(run: number, from: number, length: number): number {
  if (run === length && run % 2 === 0) return run;
  const atEdge = from === 0 || from + run === length;
  return run >= (atEdge ? 4 : 6) ? run - (run % 2) : 0;
}

function digitRun(value: string, from: number): number {
  let end = from;
  while (end < value.length && value.charCodeAt(end) >= 48 && value.charCodeAt(end) <= 57) end += 1;
  return end - from;
}
