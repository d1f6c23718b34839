/**
 * What a screen shows of a refused action (built by screenRefusal in ./refusals.server.ts, shown
 * by app/components/Refusal.tsx): what is wrong, and where it is fixed.
 */

/** Where a refusal is fixed: another screen (url), a field on this one (focus: its element id), or a fresh copy of the page. */
export type RefusalFix = { label: string } & ({ url: string } | { focus: string } | { reload: true });

export interface ScreenRefusal {
  status: number;
  title: string;
  message: string;
  fix: RefusalFix | null;
  /** Per field, for forms to show beside their fields (only validation errors have them). */
  fieldErrors: Record<string, string>;
}

/** Element ids of the order screen's fields that fixes put in focus (the cards give their fields these ids). */
export const ORDER_FIELDS = {
  exchangeRate: "order-exchange-rate",
  location: "order-location",
  addLine: "add-line-sku",
  holdUntil: "supplier-hold-until",
  shippingAddress: "order-shipping-address",
  receipts: "order-receipts",
} as const;
