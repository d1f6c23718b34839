import { ValidationError, type FieldErrors } from "./errors";

/**
 * A postal address as documents print it. Stored as JSON text (portable across databases) on
 * suppliers and on purchase orders (billing, shipping — a drop-ship order's shipping address
 * is the end customer's).
 */
export interface Address {
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  countryCode: string;
  phone: string | null;
}

const LIMITS: Record<keyof Address, number> = {
  name: 200,
  company: 200,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  countryCode: 2,
  phone: 40,
};
/** An address's fields, in the order forms and documents show them. */
export const ADDRESS_KEYS = Object.keys(LIMITS) as ReadonlyArray<keyof Address>;
const REQUIRED: ReadonlyArray<keyof Address> = ["name", "line1", "city", "countryCode"];

/** Validates untrusted input into an Address; field errors are prefixed (e.g. `shippingAddress.city`). */
export function parseAddress(input: Partial<Record<keyof Address, unknown>>, prefix: string): Address {
  const errors: FieldErrors = {};
  const values = {} as Record<keyof Address, string | null>;
  for (const key of Object.keys(LIMITS) as Array<keyof Address>) {
    const raw = input[key];
    const text = typeof raw === "string" ? raw.trim() : raw == null ? "" : null;
    if (text === null) {
      errors[`${prefix}.${key}`] = "Must be text";
      continue;
    }
    if (!text && REQUIRED.includes(key)) errors[`${prefix}.${key}`] = "Required";
    if (text.length > LIMITS[key]) errors[`${prefix}.${key}`] = `At most ${LIMITS[key]} characters`;
    values[key] = text || null;
  }
  const country = values.countryCode?.toUpperCase() ?? null;
  if (country && !/^[A-Z]{2}$/.test(country)) errors[`${prefix}.countryCode`] = "A two-letter country code, e.g. US";
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    name: values.name!,
    company: values.company,
    line1: values.line1!,
    line2: values.line2,
    city: values.city!,
    region: values.region,
    postalCode: values.postalCode,
    countryCode: country!,
    phone: values.phone,
  };
}

/** The stored JSON back to an Address (null when none is set). */
export function readAddress(json: string | null): Address | null {
  return json ? (JSON.parse(json) as Address) : null;
}

export function formatAddress(address: Address): string[] {
  return [
    address.name,
    address.company,
    address.line1,
    address.line2,
    [address.postalCode, address.city, address.region].filter(Boolean).join(" "),
    address.countryCode,
    address.phone,
  ].filter((line): line is string => Boolean(line));
}
