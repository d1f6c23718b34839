/** Who caused a change; every audit entry names one. */
export type Actor =
  { type: "merchant"; id: string } | { type: "api_key"; id: string } | { type: "webhook"; id: string } | { type: "system"; id: string };
