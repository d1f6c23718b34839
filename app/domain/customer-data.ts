import type { Address } from "./address";

/**
 * The customer data Inbound holds: the addresses merchants typed into purchase orders (a
 * drop-ship order's shipping address is the end customer's), their earlier versions kept in
 * audit entries, and what compliance requests themselves carried. Shopify names the customer of
 * customers/data_request and customers/redact by email and phone; an address has no email field,
 * so an address is the customer's when its phone is theirs, or when one of its fields holds
 * their email (merchants put contact emails into "company" or a second line).
 */
export interface DataSubject {
  email: string | null;
  phone: string | null;
}

/** What an erased address becomes: still an address (a drop-ship order keeps one), with nothing personal. */
export const REDACTED_ADDRESS: Address = {
  name: "Redacted",
  company: null,
  line1: "",
  line2: null,
  city: "",
  region: null,
  postalCode: null,
  countryCode: "",
  phone: null,
};

/** National numbers drop their trunk zero where international ones carry a country code instead. */
function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, "").replace(/^0+/, "");
}

// Fewer digits than this say too little about whose number it is to erase an address for it.
const MIN_PHONE_DIGITS = 8;

/**
 * The same number, formatting aside: "+1 (613) 555-0101" is "613-555-0101", and "+44 20 7946
 * 0958" is "020 7946 0958" (one written with its country code, the other without).
 */
export function samePhone(a: string, b: string): boolean {
  const [shorter, longer] = [phoneDigits(a), phoneDigits(b)].sort((x, y) => x.length - y.length) as [string, string];
  return shorter.length >= MIN_PHONE_DIGITS && longer.endsWith(shorter);
}

function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function isAddress(value: unknown): value is Address {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return ["name", "line1", "city", "countryCode"].every((key) => typeof record[key] === "string");
}

export function isSubjectAddress(address: Address, subject: DataSubject): boolean {
  if (subject.phone && address.phone && samePhone(address.phone, subject.phone)) return true;
  const email = subject.email;
  return Boolean(email) && Object.values(address).some((field) => typeof field === "string" && sameEmail(field, email!));
}

/** Every address in a stored JSON value (an order's address, an audit entry's changes) that is the subject's. */
export function subjectAddresses(value: unknown, subject: DataSubject): Address[] {
  if (isAddress(value)) return isSubjectAddress(value, subject) ? [value] : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap((child) => subjectAddresses(child, subject));
}

/**
 * A stored JSON value with the subject erased: their addresses become REDACTED_ADDRESS, and an
 * `email` or `phone` field holding theirs (a compliance payload's customer) becomes null.
 * `erased` counts what changed, so nothing is rewritten that held nothing of theirs.
 */
export function redactSubject(value: unknown, subject: DataSubject): { value: unknown; erased: number } {
  if (isAddress(value)) return isSubjectAddress(value, subject) ? { value: REDACTED_ADDRESS, erased: 1 } : { value, erased: 0 };
  if (typeof value !== "object" || value === null) return { value, erased: 0 };
  let erased = 0;
  const redactChild = (key: string, child: unknown): unknown => {
    if (key === "email" && typeof child === "string" && subject.email && sameEmail(child, subject.email)) {
      erased += 1;
      return null;
    }
    if (key === "phone" && typeof child === "string" && subject.phone && samePhone(child, subject.phone)) {
      erased += 1;
      return null;
    }
    const redacted = redactSubject(child, subject);
    erased += redacted.erased;
    return redacted.value;
  };
  const redactedValue = Array.isArray(value)
    ? value.map((child, index) => redactChild(String(index), child))
    : Object.fromEntries(Object.entries(value).map(([key, child]) => [key, redactChild(key, child)]));
  return { value: erased > 0 ? redactedValue : value, erased };
}
