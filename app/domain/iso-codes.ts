/**
 * The ISO lists a merchant chooses from rather than types: currencies (ISO 4217) and countries
 * (ISO 3166-1 alpha-2). Names come from the runtime's Intl data, in English; the codes are what
 * is validated and stored.
 */

/**
 * ISO 4217 currency codes as the runtime knows them (Intl.supportedValuesOf, Node 22 and every
 * current browser), so a code the list offers is a code the server accepts.
 */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf("currency");

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes (committed rather than taken from Intl,
 * whose region list also holds reserved and withdrawn codes such as EU, UK, XK and SU).
 */
export const COUNTRY_CODES: readonly string[] = [
  "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE",
  "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD",
  "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
  "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
  "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU",
  "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
  "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME",
  "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
  "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
  "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI",
  "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK",
  "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
  "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

const CURRENCIES = new Set(CURRENCY_CODES);
const COUNTRIES = new Set(COUNTRY_CODES);

export const isIsoCurrencyCode = (code: string): boolean => CURRENCIES.has(code);
export const isIsoCountryCode = (code: string): boolean => COUNTRIES.has(code);

export interface IsoOption {
  value: string;
  label: string;
}

/** Currencies for a select: "EUR · Euro", by code. */
export function currencyOptions(): IsoOption[] {
  const names = new Intl.DisplayNames(["en"], { type: "currency" });
  return CURRENCY_CODES.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
}

/** Countries for a select: "Germany (DE)", by name. */
export function countryOptions(): IsoOption[] {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return COUNTRY_CODES.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` })).sort((a, b) =>
    a.label.localeCompare(b.label, "en"),
  );
}
