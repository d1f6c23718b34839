import { ADDRESS_KEYS, type Address } from "~/domain/address";
import type { CatalogueTermsInput } from "~/domain/catalogue";
import type { SupplierInput } from "~/domain/supplier";

/**
 * The supplier screens' form posts as domain input. Field names are the domain's field paths
 * (`address.city`, `unitCost`), so field errors land next to the field that caused them.
 */
export function supplierInputFromForm(form: FormData): SupplierInput {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    name: text("name"),
    email: text("email"),
    ccEmails: text("ccEmails"),
    currencyCode: text("currencyCode"),
    vendor: text("vendor"),
    paymentTerms: text("paymentTerms"),
    paymentTermsDays: text("paymentTermsDays"),
    leadTimeDays: text("leadTimeDays"),
    address: Object.fromEntries(ADDRESS_KEYS.map((key) => [key, text(`address.${key}`)])) as Record<keyof Address, string>,
    notes: text("notes"),
  };
}

/** Alternate SKUs are typed one per line or separated by commas. */
export function catalogueTermsFromForm(form: FormData): CatalogueTermsInput {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    supplierSku: text("supplierSku"),
    alternateSkus: text("alternateSkus").split(/[,\n]/),
    unitCost: text("unitCost"),
    minimumOrderQuantity: text("minimumOrderQuantity"),
    packSize: text("packSize"),
  };
}
