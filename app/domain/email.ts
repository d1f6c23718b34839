import { ValidationError, type FieldErrors } from "./errors";

/**
 * Supplier email wording: templates with {{placeholders}}, checked when saved and filled in when
 * an email is queued. Pure: the services load the facts and the template.
 *
 * A placeholder with no value (an order without an expected date) never leaves a gap: the
 * sentence it is in is left out — the text from the previous sentence end (".", "!" or "?"
 * followed by a space) or the start of its line, to its own sentence end or the end of its line.
 * A line left empty goes too; a subject left empty becomes the default subject.
 */

export const EMAIL_PLACEHOLDERS = ["po_number", "supplier_name", "expected_date", "shop_name"] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];
/** null: no value for this order (its sentence is left out). */
export type EmailContext = Record<EmailPlaceholder, string | null>;

/**
 * Placeholders a template may no longer use, and why. A template saved before keeps sending:
 * they have no value, so their sentence is left out.
 */
export const RETIRED_PLACEHOLDERS: Record<string, string> = {
  link:
    "{{link}} would send the supplier a link to your Shopify admin, which a supplier cannot open, and Inbound has no " +
    "page for suppliers yet. Remove it: the PO is attached to the email as a PDF.",
};

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
    "Please find attached our purchase order {{po_number}}. We expect the goods by {{expected_date}}.",
    "Reply to this email to confirm quantities and dates.",
    "",
    "Thank you,",
    "{{shop_name}}",
  ].join("\n"),
};

/** What the Settings preview fills a template with: an order with every value, and one without an expected date. */
export const SAMPLE_EMAIL_CONTEXT: EmailContext = {
  po_number: "PO-1001",
  supplier_name: "Acme Supplies",
  expected_date: "2026-07-01",
  shop_name: "Demo Shop",
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_SUBJECT = 200;
const MAX_BODY = 20_000;
const MAX_NAME = 100;

function isPlaceholder(name: string): name is EmailPlaceholder {
  return (EMAIL_PLACEHOLDERS as readonly string[]).includes(name);
}

function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** "save": retired placeholders are refused with the reason; "send": they are accepted (without a value). */
function checkText(field: keyof EmailTemplateText, text: string, max: number, errors: FieldErrors, use: "save" | "send") {
  const names = placeholdersIn(text);
  const unknown = names.filter((name) => !isPlaceholder(name) && !(name in RETIRED_PLACEHOLDERS));
  const retired = use === "save" ? [...new Set(names.filter((name) => name in RETIRED_PLACEHOLDERS))] : [];
  if (!text.trim()) errors[field] = "Required";
  else if (text.length > max) errors[field] = `At most ${max} characters`;
  else if (field === "subject" && /[\r\n]/.test(text)) errors[field] = "The subject is one line";
  else if (retired.length > 0) errors[field] = retired.map((name) => RETIRED_PLACEHOLDERS[name]).join(" ");
  else if (unknown.length > 0) {
    errors[field] =
      `Unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(", ")}; use ${EMAIL_PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ")}`;
  }
}

/** What is wrong with a template's wording as it would be saved (empty when nothing is). */
export function emailTemplateErrors(template: EmailTemplateText): FieldErrors {
  const errors: FieldErrors = {};
  checkText("subject", template.subject.trim(), MAX_SUBJECT, errors, "save");
  checkText("body", template.body, MAX_BODY, errors, "save");
  return errors;
}

/** A template as saved: a name, a one-line subject and a body using only the known placeholders. */
export function validateEmailTemplate(input: { name: string; subject: string; body: string }) {
  const errors = emailTemplateErrors(input);
  const name = input.name.trim();
  if (!name) errors.name = "Required";
  else if (name.length > MAX_NAME) errors.name = `At most ${MAX_NAME} characters`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name, subject: input.subject.trim(), body: input.body };
}

/** Fills a template's placeholders by the rule above; a placeholder it does not know is refused, named. */
export function renderEmail(template: EmailTemplateText, context: EmailContext): EmailTemplateText {
  const errors: FieldErrors = {};
  checkText("subject", template.subject, Number.POSITIVE_INFINITY, errors, "send");
  checkText("body", template.body, Number.POSITIVE_INFINITY, errors, "send");
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const value = (name: string) => (isPlaceholder(name) ? context[name] : null);
  // A value with a line break (a supplier name typed oddly) must not start a new header.
  const subject = fill(template.subject, value)
    .replace(/[\r\n]+/g, " ")
    .trim();
  return {
    subject: subject || fill(DEFAULT_EMAIL_TEMPLATE.subject, value).replace(/[\r\n]+/g, " "),
    body: fill(template.body, value),
  };
}

/** Fills placeholders line by line, leaving out each sentence that holds one without a value. */
function fill(text: string, value: (name: string) => string | null): string {
  const filled = (part: string) => part.replace(PLACEHOLDER, (_, name: string) => value(name) ?? "");
  const lines = text.split("\n");
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const sentences = sentencesOf(lines[index]!);
    const remaining = sentences.filter((sentence) => placeholdersIn(sentence).every((name) => value(name) !== null));
    if (remaining.length === sentences.length) {
      kept.push(filled(lines[index]!));
      continue;
    }
    const line = filled(remaining.join("")).trimEnd();
    if (line.trim()) {
      kept.push(line);
      continue;
    }
    // A line left empty goes; so does one of the blank lines around it, if it stood between two.
    if (kept.length > 0 && kept.at(-1)!.trim() === "" && lines[index + 1]?.trim() === "") index += 1;
  }
  return kept.join("\n");
}

/** A line's sentences, each with the space that follows it, so that joined they are the line again. */
function sentencesOf(line: string): string[] {
  const parts = line.split(/((?<=[.!?])\s+)/);
  const sentences: string[] = [];
  for (let index = 0; index < parts.length; index += 2) sentences.push(parts[index]! + (parts[index + 1] ?? ""));
  return sentences.filter((sentence) => sentence !== "");
}

/** What the merchant is told once an email is queued: to whom it goes. */
export function emailQueuedMessage(recipients: { to: readonly string[]; cc: readonly string[] }): string {
  const copies = recipients.cc.length > 0 ? ` (copies to ${recipients.cc.join(", ")})` : "";
  return `Email to ${recipients.to.join(", ")}${copies} queued. The Emails card shows when it is delivered.`;
}
