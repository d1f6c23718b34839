import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { ATTACK } from "./corpus";

/**
 * What one part of the attack suite saw, case by case, and the figures the README quotes. Each
 * part (api, mcp, forms, webhooks, races) writes tests/output/attack/<part>.json when it ends;
 * scripts/attack-report.mjs adds them up.
 */

export interface AttackCase {
  /** The operation, tool, form or route attacked. */
  target: string;
  /** What was sent: `items.0.quantity = -1`. */
  label: string;
  family: string;
  status: number;
  /** The input breaks the documented contract, so it must be refused (a 2xx is a wrong accept). */
  mustRefuse: boolean;
  /**
   * Refused with a 2xx all the same: a webhook recorded as invalid or as a duplicate (Shopify must
   * not retry it), or one the app must ignore. Counts as a refusal: no wrong accept, no change.
   */
  refused?: boolean;
  /** The stored state differed after the answer (only looked at when the answer was a refusal). */
  changed: boolean;
  /** A refusal that does not say which field (the answer of a case that names one). */
  unnamed?: boolean;
  /**
   * A promise broken in another way (counted as an answer off contract): a status or body the
   * OpenAPI document does not describe, an answer that is not JSON, another shop's id answered with
   * anything but 404/422, another shop's records in an answer. Says which.
   */
  violation?: string;
  detail?: string;
}

export class AttackTally {
  readonly cases: AttackCase[] = [];

  constructor(readonly part: string) {}

  record(attack: AttackCase): void {
    this.cases.push(attack);
  }

  get serverErrors() {
    return this.cases.filter((attack) => attack.status >= 500);
  }
  get wrongAccepts() {
    return this.cases.filter((attack) => attack.mustRefuse && attack.status < 400 && !attack.refused);
  }
  get changedOnRefusal() {
    return this.cases.filter((attack) => (attack.status >= 400 || attack.refused) && attack.changed);
  }
  get unnamedRefusals() {
    return this.cases.filter((attack) => attack.status >= 400 && attack.unnamed);
  }
  get offContract() {
    return this.cases.filter((attack) => attack.violation !== undefined);
  }

  /** The failures, one line each, for an assertion message that says what to replay. */
  failures(): string[] {
    const line = (kind: string, attack: AttackCase) =>
      `${kind}: ${attack.target} — ${attack.label} → ${attack.status}${attack.detail ? ` (${attack.detail.slice(0, 300)})` : ""}`;
    return [
      ...this.serverErrors.map((attack) => line("5xx", attack)),
      ...this.wrongAccepts.map((attack) => line("wrong accept", attack)),
      ...this.changedOnRefusal.map((attack) => line("changed on refusal", attack)),
      ...this.unnamedRefusals.map((attack) => line("refusal names no field", attack)),
      ...this.offContract.map((attack) => line(`off contract (${attack.violation})`, attack)),
    ];
  }

  /** Writes tests/output/attack/<part>.json: the run's seed, size and figures. */
  write(): void {
    const directory = path.resolve("tests/output/attack");
    mkdirSync(directory, { recursive: true });
    const byFamily: Record<string, number> = {};
    for (const attack of this.cases) byFamily[attack.family] = (byFamily[attack.family] ?? 0) + 1;
    writeFileSync(
      path.join(directory, `${this.part}.json`),
      `${JSON.stringify(
        {
          part: this.part,
          seed: ATTACK.seed,
          long: ATTACK.long,
          casesPerTarget: ATTACK.casesPerTarget,
          cases: this.cases.length,
          targets: new Set(this.cases.map((attack) => attack.target)).size,
          serverErrors: this.serverErrors.length,
          wrongAccepts: this.wrongAccepts.length,
          changedOnRefusal: this.changedOnRefusal.length,
          unnamedRefusals: this.unnamedRefusals.length,
          offContract: this.offContract.length,
          byFamily,
          failures: this.failures(),
        },
        null,
        2,
      )}\n`,
    );
  }
}
