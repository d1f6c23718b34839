import { ValidationError, type FieldErrors } from "./errors";
import { DAY_MESSAGE, parseDay } from "./dates";
import { optionalText } from "./purchase-order/supplier-fields";

/**
 * Shipments on a purchase order: who carries the goods, the tracking number, and when they are
 * expected and arrived. Informational only: receiving goods is what moves the lifecycle.
 */

/** Carriers whose tracking pages we can link to; `{number}` is replaced by the tracking number. */
export const CARRIERS = [
  { name: "UPS", trackingUrl: "https://www.ups.com/track?tracknum={number}" },
  { name: "USPS", trackingUrl: "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}" },
  { name: "FedEx", trackingUrl: "https://www.fedex.com/fedextrack/?trknbr={number}" },
  { name: "DHL Express", trackingUrl: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={number}" },
  { name: "DPD", trackingUrl: "https://tracking.dpd.de/status/en_US/parcel/{number}" },
  { name: "Royal Mail", trackingUrl: "https://www.royalmail.com/track-your-item#/tracking-results/{number}" },
  { name: "Canada Post", trackingUrl: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={number}" },
  { name: "PostNL", trackingUrl: "https://postnl.nl/tracktrace/?B={number}" },
  { name: "Australia Post", trackingUrl: "https://auspost.com.au/mypost/track/details/{number}" },
] as const;

export interface ShipmentInput {
  /** A known carrier (any case) or another carrier's name. */
  carrier?: string | null;
  trackingNumber?: string | null;
  /** Days, YYYY-MM-DD; blank for none. */
  estimatedArrivalAt?: string | null;
  arrivedAt?: string | null;
  note?: string | null;
}

export interface ShipmentFields {
  carrier: string | null;
  trackingNumber: string | null;
  estimatedArrivalAt: Date | null;
  arrivedAt: Date | null;
  note: string | null;
}

// Carriers print numbers in groups ("1Z 999 AA1 …"); the number itself has no spaces.
const TRACKING_NUMBER = /^[A-Za-z0-9-]{1,60}$/;

const DAY_MS = 24 * 60 * 60 * 1000;

export function parseShipment(input: ShipmentInput, now: Date): ShipmentFields {
  const errors: FieldErrors = {};
  const carrierText = optionalText(input.carrier, 100, "carrier", errors);
  const carrier = carrierText ? (knownCarrier(carrierText)?.name ?? carrierText) : null;

  const trackingNumber = input.trackingNumber?.replace(/\s+/g, "").toUpperCase() || null;
  if (trackingNumber && !TRACKING_NUMBER.test(trackingNumber)) {
    errors.trackingNumber = "Letters, digits and dashes only, at most 60";
  }
  if (!carrier && !trackingNumber) errors.carrier = "Give the carrier, the tracking number, or both";

  const day = (field: "estimatedArrivalAt" | "arrivedAt") => {
    const text = input[field]?.trim();
    if (!text) return null;
    const date = parseDay(text);
    if (!date) errors[field] = DAY_MESSAGE;
    return date;
  };
  const estimatedArrivalAt = day("estimatedArrivalAt");
  const arrivedAt = day("arrivedAt");
  // Days are UTC midnights and merchants live in every zone: "today" somewhere is up to a day ahead.
  if (arrivedAt && arrivedAt.getTime() > now.getTime() + DAY_MS) errors.arrivedAt = "An arrival cannot be in the future; use the estimated arrival";

  const note = optionalText(input.note, 500, "note", errors);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { carrier, trackingNumber, estimatedArrivalAt, arrivedAt, note };
}

function knownCarrier(name: string) {
  const wanted = name.trim().toLowerCase();
  return CARRIERS.find((carrier) => carrier.name.toLowerCase() === wanted);
}

/** The carrier's tracking page for this number, or null for carriers we do not know. */
export function trackingUrl(carrier: string | null, trackingNumber: string | null): string | null {
  const known = carrier ? knownCarrier(carrier) : undefined;
  if (!known || !trackingNumber) return null;
  return known.trackingUrl.replace("{number}", encodeURIComponent(trackingNumber));
}
