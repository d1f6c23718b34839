// Adds up the attack suite's figures (tests/output/attack/<part>.json, written by each part)
// into the table the README quotes. Fails when a figure that must be zero is not.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const directory = process.argv[2] ?? "tests/output/attack";
const parts = existsSync(directory)
  ? readdirSync(directory)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => JSON.parse(readFileSync(path.join(directory, name), "utf8")))
  : [];
if (parts.length === 0) {
  console.error(`no attack figures in ${directory}`);
  process.exit(1);
}

const columns = ["cases", "targets", "serverErrors", "wrongAccepts", "changedOnRefusal", "unnamedRefusals", "offContract"];
const heading = ["part", "cases", "targets", "5xx", "wrong accepts", "changed on refusal", "refusals naming no field", "answers off contract"];
const rows = parts.map((part) => [part.part, ...columns.map((column) => part[column] ?? 0)]);
const total = ["total", ...columns.map((_, index) => rows.reduce((sum, row) => sum + Number(row[index + 1]), 0))];
const seeds = [...new Set(parts.map((part) => `${part.seed}${part.long ? " (long)" : " (short)"}`))];

console.log(`attack run, seed ${seeds.join(", ")}`);
console.log(`| ${heading.join(" | ")} |`);
console.log(`|${heading.map(() => "---").join("|")}|`);
for (const row of [...rows, total]) console.log(`| ${row.join(" | ")} |`);
for (const part of parts) for (const failure of part.failures ?? []) console.log(`  ${part.part}: ${failure}`);

const mustBeZero = total.slice(3);
process.exit(mustBeZero.every((figure) => figure === 0) ? 0 : 1);
