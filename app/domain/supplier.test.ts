import { describe, expect, it } from "vitest";

import { ValidationError } from "./errors";
import { BLANK_SUPPLIER_INPUT, parseSupplier, supplierInputOf, type SupplierInput } from "./supplier";

const blank = BLANK_SUPPLIER_INPUT;

function fieldErrors(input: SupplierInput) {
  try {
    parseSupplier(input, "USD");
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  return expect.unreachable("the input was accepted");
}

describe("supplier details", () => {
  it("needs only a name; the currency defaults to the shop's and blanks become null", () => {
    expect(parseSupplier({ ...blank, name: "  Northwind  " }, "CAD")).toEqual({
      name: "Northwind",
      email: null,
      ccEmails: [],
      currencyCode: "CAD",
      vendor: null,
      paymentTerms: null,
      paymentTermsDays: null,
      leadTimeDays: null,
      address: null,
      notes: null,
    });
  });

  it("normalises emails, currency, numbers and the address", () => {
    const fields = parseSupplier(
      {
        ...blank,
        name: "Harbor",
        email: "orders@harbor.example",
        ccEmails: "a@harbor.example; b@harbor.example,\na@harbor.example",
        currencyCode: "eur",
        paymentTerms: "Net 30",
        paymentTermsDays: "30",
        leadTimeDays: "0",
        address: { name: "Harbor Ceramics", line1: "1 Quay", city: "Lisbon", countryCode: "pt" },
      },
      "USD",
    );
    expect(fields).toMatchObject({
      ccEmails: ["a@harbor.example", "b@harbor.example"],
      currencyCode: "EUR",
      paymentTermsDays: 30,
      leadTimeDays: 0,
      address: { name: "Harbor Ceramics", countryCode: "PT", line2: null },
    });
  });

  it("names every bad field and what is allowed", () => {
    expect(
      fieldErrors({
        ...blank,
        email: "orders at harbor",
        ccEmails: "ok@harbor.example, nope",
        currencyCode: "EURO",
        paymentTermsDays: "-1",
        leadTimeDays: "1.5",
        address: { city: "Lisbon" },
      }),
    ).toEqual({
      name: "Give the supplier a name",
      email: "An email address, e.g. orders@supplier.com",
      ccEmails: '"nope" is not an email address; separate addresses with commas',
      currencyCode: '"EURO" is not an ISO 4217 currency code: choose the currency from the list',
      paymentTermsDays: "A whole number of days from 0 to 365",
      leadTimeDays: "A whole number of days from 0 to 730",
      "address.name": "Required",
      "address.line1": "Required",
      "address.countryCode": "Required",
    });
  });

  it("refuses three letters that are no ISO 4217 currency, naming the field", () => {
    expect(parseSupplier({ ...blank, name: "x", currencyCode: "eur" }, "USD").currencyCode).toBe("EUR");
    expect(fieldErrors({ ...blank, name: "x", currencyCode: "XYZ" }).currencyCode).toMatch(/"XYZ" is not an ISO 4217 currency code/);
  });

  it("refuses two letters that are no assigned ISO 3166-1 country (withdrawn or reserved codes too)", () => {
    const address = { name: "Summit", line1: "2 Peak Rd", city: "Denver" };
    expect(parseSupplier({ ...blank, name: "x", address: { ...address, countryCode: "de" } }, "USD").address?.countryCode).toBe("DE");
    for (const countryCode of ["QQ", "UK", "EU", "SU"]) {
      expect(fieldErrors({ ...blank, name: "x", address: { ...address, countryCode } })["address.countryCode"]).toMatch(
        new RegExp(`"${countryCode}" is not an ISO 3166-1 country code`),
      );
    }
  });

  it("turns saved details back into the input that saves them unchanged", () => {
    const fields = parseSupplier(
      {
        ...blank,
        name: "Summit",
        email: "w@summit.example",
        ccEmails: "x@summit.example, y@summit.example",
        leadTimeDays: "10",
        address: { name: "Summit", line1: "2 Peak Rd", city: "Denver", region: "CO", countryCode: "US" },
        notes: "Ships Mondays",
      },
      "USD",
    );
    expect(parseSupplier(supplierInputOf(fields), "GBP")).toEqual(fields);
  });
});
