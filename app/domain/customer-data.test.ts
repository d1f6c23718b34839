import { describe, expect, it } from "vitest";

import type { Address } from "./address";
import { REDACTED_ADDRESS, redactSubject, samePhone, subjectAddresses } from "./customer-data";

const ADA: Address = {
  name: "Ada Lovelace",
  company: null,
  line1: "1 Main St",
  line2: null,
  city: "Springfield",
  region: null,
  postalCode: "12345",
  countryCode: "US",
  phone: "(613) 555-0101",
};
const GRACE: Address = { ...ADA, name: "Grace Hopper", phone: "+1 613 555 0199", company: "grace@example.com" };

describe("customer data", () => {
  it("knows a phone number whatever its formatting or trunk prefix, but not from a few digits", () => {
    expect(samePhone("+16135550101", "(613) 555-0101")).toBe(true);
    expect(samePhone("+44 20 7946 0958", "020 7946 0958")).toBe(true);
    expect(samePhone("+16135550101", "+16135550199")).toBe(false);
    expect(samePhone("555-0101", "+1 613 555 0101"), "too short to say whose it is").toBe(false);
  });

  it("finds the subject's addresses by phone, or by their email in any field, and no one else's", () => {
    const stored = { shippingAddress: { before: ADA, after: GRACE }, billingAddress: { before: null, after: ADA } };
    expect(subjectAddresses(stored, { email: null, phone: "+16135550101" })).toEqual([ADA, ADA]);
    expect(subjectAddresses(stored, { email: "GRACE@example.com", phone: null })).toEqual([GRACE]);
    expect(subjectAddresses(stored, { email: "someone@example.com", phone: null })).toEqual([]);
    expect(subjectAddresses(stored, { email: null, phone: null })).toEqual([]);
  });

  it("redacts the subject's addresses and identifiers, leaving the rest as it was", () => {
    const payload = { customer: { id: 7, email: "ada@example.com", phone: "+16135550101" }, orders: [ADA, GRACE] };
    const { value, erased } = redactSubject(payload, { email: "ada@example.com", phone: "+16135550101" });
    expect(erased).toBe(3);
    expect(value).toEqual({ customer: { id: 7, email: null, phone: null }, orders: [REDACTED_ADDRESS, GRACE] });
    expect(redactSubject(value, { email: "ada@example.com", phone: "+16135550101" }).erased, "nothing left to erase").toBe(0);
    expect(redactSubject(payload, { email: "x@example.com", phone: null }).value).toBe(payload);
  });
});
