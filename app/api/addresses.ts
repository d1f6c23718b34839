import { z } from "zod";

import { ADDRESS_KEYS, type Address as PostalAddress } from "~/domain/address";
import { snakeCaseFieldPath } from "~/domain/errors";

import { apiSchemas, requestSchemas } from "./schemas";

/** Postal addresses as the API shows and takes them (suppliers, and orders' billing and shipping). */

export const Address = z
  .strictObject({
    name: z.string(),
    company: z.string().nullable(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    region: z.string().nullable(),
    postal_code: z.string().nullable(),
    country_code: z.string().describe("ISO 3166-1 alpha-2, e.g. US."),
    phone: z.string().nullable(),
  })
  .register(apiSchemas, { id: "Address" });

const text = (limit: number) => z.string().nullable().optional().describe(`At most ${limit} characters.`);

/** The limits are the domain's (parseAddress), which judges the address; they are described here for clients. */
export const AddressRequest = z
  .strictObject({
    name: z.string().describe("Required; at most 200 characters."),
    company: text(200),
    line1: z.string().describe("Required; at most 200 characters."),
    line2: text(200),
    city: z.string().describe("Required; at most 100 characters."),
    region: text(100),
    postal_code: text(20),
    country_code: z.string().describe("Required: ISO 3166-1 alpha-2, e.g. US."),
    phone: text(40),
  })
  .register(requestSchemas, { id: "AddressRequest" });

export function addressJson(address: PostalAddress | null): z.input<typeof Address> | null {
  if (!address) return null;
  return Object.fromEntries(ADDRESS_KEYS.map((key) => [snakeCaseFieldPath(key), address[key]])) as z.input<typeof Address>;
}

/** A request's address under the domain's names (blank fields as null), for parseAddress. */
export function addressFields(address: z.output<typeof AddressRequest>): Record<keyof PostalAddress, string | null> {
  const byApiName: Record<string, string | null | undefined> = address;
  return Object.fromEntries(ADDRESS_KEYS.map((key) => [key, byApiName[snakeCaseFieldPath(key)] ?? null])) as Record<
    keyof PostalAddress,
    string | null
  >;
}
