import { ADDRESS_KEYS, parseAddress, type Address } from "./address";
import { ValidationError, type FieldErrors } from "./errors";
import { isIsoCountryCode, isIsoCurrencyCode } from "./iso-codes";
import type { PurchaseOrderStatus } from "./purchase-order/status";

/**
 * A supplier's details as the merchant enters them (a form, the API), validated before
 * anything is saved. Lookups (is the name free in this shop) belong to the service, which
 * reports them under the same field names.
 */
export interface SupplierInput {
  name: string;
  email: string;
  /** Further PO recipients, separated by commas, semicolons or line breaks. */
  ccEmails: string;
  /** Blank means the shop's currency. */
  currencyCode: string;
  vendor: string;
  paymentTerms: string;
  paymentTermsDays: string;
  leadTimeDays: string;
  /** All blank means no address. */
  address: Partial<Record<keyof Address, string>>;
  notes: string;
}

/** An empty form: a new supplier starts here. */
export const BLANK_SUPPLIER_INPUT: SupplierInput = {
  name: "",
  email: "",
  ccEmails: "",
  currencyCode: "",
  vendor: "",
  paymentTerms: "",
  paymentTermsDays: "",
  leadTimeDays: "",
  address: {},
  notes: "",
};

export interface SupplierFields {
  name: string;
  email: string | null;
  ccEmails: string[];
  currencyCode: string;
  vendor: string | null;
  paymentTerms: string | null;
  paymentTermsDays: number | null;
  leadTimeDays: number | null;
  address: Address | null;
  notes: string | null;
}

export const MAX_CC_EMAILS = 20;
export const MAX_PAYMENT_TERMS_DAYS = 365;
export const MAX_LEAD_TIME_DAYS = 730;

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export function parseSupplier(input: SupplierInput, shopCurrencyCode: string): SupplierFields {
  const errors: FieldErrors = {};
  const text = (field: keyof SupplierInput & string, limit: number): string | null => {
    const value = String(input[field] ?? "").trim();
    if (value.length > limit) errors[field] = `At most ${limit} characters`;
    return value || null;
  };

  const name = text("name", 200);
  if (!name) errors.name = "Give the supplier a name";

  const email = text("email", 254);
  if (email && !EMAIL.test(email)) errors.email = "An email address, e.g. orders@supplier.com";

  const ccEmails = [
    ...new Set(
      input.ccEmails
        .split(/[,;\n\r]+/)
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  ];
  const badCc = ccEmails.find((entry) => !EMAIL.test(entry));
  if (badCc) errors.ccEmails = `"${badCc}" is not an email address; separate addresses with commas`;
  else if (ccEmails.length > MAX_CC_EMAILS) errors.ccEmails = `At most ${MAX_CC_EMAILS} addresses`;

  const currencyCode = (input.currencyCode.trim() || shopCurrencyCode).toUpperCase();
  if (!isIsoCurrencyCode(currencyCode)) errors.currencyCode = `"${currencyCode}" is not an ISO 4217 currency code: choose the currency from the list`;

  const paymentTermsDays = wholeNumber(input.paymentTermsDays, MAX_PAYMENT_TERMS_DAYS, "paymentTermsDays", errors);
  const leadTimeDays = wholeNumber(input.leadTimeDays, MAX_LEAD_TIME_DAYS, "leadTimeDays", errors);

  let address: Address | null = null;
  if (Object.values(input.address).some((value) => value?.trim())) {
    try {
      address = parseAddress(input.address, "address");
      // The address's own rule checks the shape (two letters); a supplier's country is one ISO assigned.
      if (!isIsoCountryCode(address.countryCode)) {
        errors["address.countryCode"] = `"${address.countryCode}" is not an ISO 3166-1 country code: choose the country from the list`;
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fieldErrors);
    }
  }

  const fields: SupplierFields = {
    name: name ?? "",
    email,
    ccEmails,
    currencyCode,
    vendor: text("vendor", 255),
    paymentTerms: text("paymentTerms", 200),
    paymentTermsDays,
    leadTimeDays,
    address,
    notes: text("notes", 5000),
  };
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return fields;
}

/** The stored supplier back into form input, so an edit form starts from what is saved. */
export function supplierInputOf(supplier: SupplierFields): SupplierInput {
  const { address } = supplier;
  return {
    name: supplier.name,
    email: supplier.email ?? "",
    ccEmails: supplier.ccEmails.join(", "),
    currencyCode: supplier.currencyCode,
    vendor: supplier.vendor ?? "",
    paymentTerms: supplier.paymentTerms ?? "",
    paymentTermsDays: supplier.paymentTermsDays?.toString() ?? "",
    leadTimeDays: supplier.leadTimeDays?.toString() ?? "",
    address: Object.fromEntries(ADDRESS_KEYS.map((key) => [key, address?.[key] ?? ""])),
    notes: supplier.notes ?? "",
  };
}

function wholeNumber(text: string, max: number, field: string, errors: FieldErrors): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    errors[field] = `A whole number of days from 0 to ${max}`;
    return null;
  }
  return value;
}

/** A supplier's open purchase orders: all but those that are finished. */
export const CLOSED_STATUSES: readonly PurchaseOrderStatus[] = ["completed", "cancelled"];
