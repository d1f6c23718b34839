import { readFileSync } from "node:fs";

import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";

import config from "../../codegen";

/** The first line where the committed file and the regenerated one part, to name the drift. */
function firstDifference(committed: string, generated: string): string {
  const committedLines = committed.split("\n");
  const generatedLines = generated.split("\n");
  const line = generatedLines.findIndex((text, i) => text !== committedLines[i]);
  const at = line === -1 ? generatedLines.length : line;
  const excerpt = (text: string | undefined) => (text === undefined ? "(no line)" : text.slice(0, 160));
  return `line ${at + 1}: committed ${excerpt(committedLines[at])} | generated ${excerpt(generatedLines[at])}`;
}

function committedText(filename: string): string | null {
  try {
    return readFileSync(filename, "utf8");
  } catch {
    return null;
  }
}

describe("the committed Admin API types (app/types)", () => {
  it("are what `npm run graphql-codegen` generates from today's documents and schema", async () => {
    // The same configuration as the script, generated in memory instead of over the committed files.
    const generated: Array<{ filename: string; content: string }> = await generate({ ...config, silent: true }, false);
    expect(generated.map((file) => file.filename).sort()).toEqual(Object.keys(config.generates).sort());
    const stale = generated.flatMap(({ filename, content }) => {
      const committed = committedText(filename);
      if (committed === content) return [];
      return [`${filename}: ${committed === null ? "missing" : firstDifference(committed, content)}`];
    });
    expect(stale, "stale generated types: run `npm run graphql-codegen` and commit app/types").toEqual([]);
  });
});
