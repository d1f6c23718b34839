import { ValidationError, type FieldErrors } from "./errors";

/**
 * Supplier email wording: templates with {{placeholders}}, checked when saved and filled in when
 * an email is queued. Pure: the services load the facts and the template.
 */

export const EMAIL_PLACEHOLDERS = ["po_number", "supplier_name", "expected_date", "shop_name", "link"] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];
export type EmailContext = Record<EmailPlaceholder, string>;

export interface EmailTemplateText {
  subject: string;
  body: string;
}

/** What a shop sends until it saves its own default template. */
export const DEFAULT_EMAIL_TEMPLATE: EmailTemplateText = {
  subject: "Purchase order {{po_number}} from {{shop_name}}",
  body: [
    "Hello {{supplier_name}},",
    "",
    "Please find attached our purchase order {{po_number}}, expected by {{expected_date}}.",
    "Reply to this email to confirm quantities and dates.",
    "",
    "{{link}}",
    "",
    "Thank you,",
    "{{shop_name}}",
  ].join("\n"),
};

/** What the Settings preview fills a template with. */
export const SAMPLE_EMAIL_CONTEXT: EmailContext = {
  po_number: "PO-1001",
  supplier_name: "Acme Supplies",
  expected_date: "2026-07-01",
  shop_name: "Demo Shop",
  link: "https://example.com/purchase-orders/PO-1001",
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_SUBJECT = 200;
const MAX_BODY = 20_000;
const MAX_NAME = 100;

function isPlaceholder(name: string): name is EmailPlaceholder {
  return (EMAIL_PLACEHOLDERS as readonly string[]).includes(name);
}

function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !isPlaceholder(name));
}

function checkText(field: keyof EmailTemplateText, text: string, max: number, errors: FieldErrors) {
  const unknown = unknownPlaceholders(text);
  if (!text.trim()) errors[field] = "Required";
  else if (text.length > max) errors[field] = `At most ${max} characters`;
  else if (field === "subject" && /[\r\n]/.test(text)) errors[field] = "The subject is one line";
  else if (unknown.length > 0) {
    errors[field] = `Unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(", ")}; use ${EMAIL_PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ")}`;
  }
}

/** A template as saved: a name, a one-line subject and a body using only the known placeholders. */
export function validateEmailTemplate(input: { name: string; subject: string; body: string }) {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Required";
  else if (name.length > MAX_NAME) errors.name = `At most ${MAX_NAME} characters`;
  checkText("subject", input.subject.trim(), MAX_SUBJECT, errors);
  checkText("body", input.body, MAX_BODY, errors);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name, subject: input.subject.trim(), body: input.body };
}

/** Fills a template's placeholders; a placeholder it does not know is refused, named. */
export function renderEmail(template: EmailTemplateText, context: EmailContext): EmailTemplateText {
  const errors: FieldErrors = {};
  checkText("subject", template.subject, Number.POSITIVE_INFINITY, errors);
  checkText("body", template.body, Number.POSITIVE_INFINITY, errors);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: EmailPlaceholder) => context[name]);
  // A value with a line break (a supplier name typed oddly) must not start a new header.
  return { subject: fill(template.subject).replace(/[\r\n]+/g, " "), body: fill(template.body) };
}
