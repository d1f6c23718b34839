/**
 * Why goods were received the way they were: the intake reasons, as numbered codes with labels
 * (the numbering suppliers' and warehouse systems use) and the key bookings store. An accepted
 * reason means the goods went into stock; a returned one that they came and went back (booked as
 * rejected); "not delivered" and "canceled" that they did not come.
 */

export type IntakeOutcome = "accepted" | "returned" | "not_delivered" | "canceled";

export const INTAKE_REASON_TABLE = [
  { code: 0, key: "accepted", label: "Accepted", outcome: "accepted" },
  { code: 1, key: "not_delivered", label: "Not delivered", outcome: "not_delivered" },
  { code: 2, key: "canceled", label: "Canceled", outcome: "canceled" },
  { code: 3, key: "damaged_returned", label: "Damaged (returned)", outcome: "returned" },
  { code: 4, key: "quality_issue_returned", label: "Quality issue (returned)", outcome: "returned" },
  { code: 5, key: "wrongly_delivered_returned", label: "Wrongly delivered (returned)", outcome: "returned" },
  { code: 6, key: "wrongly_delivered_accepted", label: "Wrongly delivered (accepted)", outcome: "accepted" },
  { code: 7, key: "wrongly_ordered_returned", label: "Wrongly ordered (returned)", outcome: "returned" },
  { code: 8, key: "wrongly_ordered_accepted", label: "Wrongly ordered (accepted)", outcome: "accepted" },
  { code: 9, key: "delivered_too_much_returned", label: "Delivered too much (returned)", outcome: "returned" },
  { code: 10, key: "delivered_too_much_accepted", label: "Delivered too much (accepted)", outcome: "accepted" },
  { code: 11, key: "late_delivery_returned", label: "Late delivery (returned)", outcome: "returned" },
  { code: 12, key: "late_delivery_accepted", label: "Late delivery (accepted)", outcome: "accepted" },
  { code: 13, key: "pricing_issue_returned", label: "Pricing issue (returned)", outcome: "returned" },
  { code: 14, key: "pricing_issue_accepted", label: "Pricing issue (accepted)", outcome: "accepted" },
  { code: 15, key: "under_delivered_returned", label: "Under-delivered (returned)", outcome: "returned" },
] as const satisfies ReadonlyArray<{ code: number; key: string; label: string; outcome: IntakeOutcome }>;

export type IntakeReason = (typeof INTAKE_REASON_TABLE)[number]["key"];
export type IntakeReasonCode = (typeof INTAKE_REASON_TABLE)[number]["code"];

export const INTAKE_REASONS: readonly IntakeReason[] = INTAKE_REASON_TABLE.map((reason) => reason.key);

export function isIntakeReason(value: string): value is IntakeReason {
  return (INTAKE_REASONS as readonly string[]).includes(value);
}

export function intakeReasonByCode(code: number) {
  return INTAKE_REASON_TABLE.find((reason) => reason.code === code);
}

export function intakeReasonByKey(key: IntakeReason) {
  return INTAKE_REASON_TABLE.find((reason) => reason.key === key)!;
}

/** Accepted reasons go with delivered quantities; the others only with nothing delivered into stock. */
export function isAcceptedReason(code: number): boolean {
  return intakeReasonByCode(code)?.outcome === "accepted";
}
