import { MaxPartSizeExceededError, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

import { ValidationError } from "~/domain/errors";
import { inputTextProblems } from "~/domain/input";

import { CROSS_SITE_MESSAGE, isCrossSiteWrite } from "./cross-site";

/**
 * Form bodies, read in one place for every door that takes them (the screens' actions, uploads,
 * the REST API's multipart operations). A body that cannot be read as a form (a multipart body
 * without its closing boundary, a boundary that never occurs, JSON sent to a form) is refused
 * with a message, never a parser's stack trace.
 */

/** The body is not a form this reader can read; the message says why, for the client. */
export class UnreadableFormError extends Error {
  constructor(reason: string) {
    super(`The request body is not a readable form (${reason}). Send application/x-www-form-urlencoded or multipart/form-data.`);
    this.name = "UnreadableFormError";
  }
}

/**
 * The form in the request. With an upload handler, multipart bodies are streamed through it (so
 * a part over its size limit stops the reading); its own refusals (MaxPartSizeExceededError, a
 * ValidationError) pass through. Anything else that fails to parse is an UnreadableFormError.
 */
export async function readFormBody(request: Request, uploadHandler?: UploadHandler): Promise<FormData> {
  const multipart = (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
  try {
    return multipart && uploadHandler ? await unstable_parseMultipartFormData(request, uploadHandler) : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || error instanceof ValidationError) throw error;
    // Undici (TypeError) and Remix's multipart parser (Error: "malformed multipart-form data") say
    // nothing a client can act on beyond this.
    throw new UnreadableFormError(multipart ? "malformed multipart/form-data" : "not a form");
  }
}

/** What a screen's form may hold beyond the text rule. */
export interface FormRules {
  /**
   * Fields the form sends several times (a list of checkboxes, repeated rows). Any other field
   * sent more than once is refused: reading one of the values would act on something other than
   * what was sent.
   */
  lists?: readonly string[];
  /** Multipart bodies are streamed through it (a form with an upload). */
  uploadHandler?: UploadHandler;
}

export const REPEATED_FIELD_MESSAGE = "Sent more than once; this form takes one value";

/**
 * A screen's form: readFormBody, then every field name and text value passes the domain's text
 * rule (no control characters but tab and line breaks, no `__proto__`), and no field but a list
 * is sent twice, so an action stores exactly what was typed or nothing. Refusals are thrown as
 * responses the route's error boundary shows: 400 for an unreadable body, 422 naming the field
 * (escaped: Shopify's boundary renders a thrown response's text as HTML).
 */
export async function readForm(request: Request, { lists = [], uploadHandler }: FormRules = {}): Promise<FormData> {
  let form: FormData;
  try {
    form = await readFormBody(request, uploadHandler);
  } catch (error) {
    if (error instanceof UnreadableFormError) throw refusal(400, error.message);
    throw error;
  }
  const seen = new Set<string>();
  for (const [name, value] of form) {
    // Uploaded files' own names are made safe by the domain's safeFileName, not refused.
    const problem = formFieldProblem(name, typeof value === "string" ? value : "");
    if (problem) throw refusal(422, `${problem.field}: ${problem.message}`);
    if (seen.has(name) && !lists.includes(name)) throw refusal(422, `${name}: ${REPEATED_FIELD_MESSAGE}`);
    seen.add(name);
  }
  return form;
}

/** Why a form field cannot be taken (its name or its text breaks the domain's text rule), or null. */
export function formFieldProblem(name: string, value: string): { field: string; message: string } | null {
  const [problem] = Object.entries(inputTextProblems({ [name]: value }));
  return problem ? { field: problem[0], message: problem[1] } : null;
}

/**
 * A JSON document a form sends in one field (the receiving screen's count, the settings),
 * parsed, with every text and key in it held to the domain's text rule and named by its path
 * under the field (`draft.note`): inside JSON a control character travels as an escape, which
 * readForm's check of the field's text cannot see. Text that is not JSON is refused as `notJson`.
 */
export function formJson(name: string, value: FormDataEntryValue | null, notJson: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === "string" ? value : "");
  } catch {
    throw new ValidationError({ [name]: notJson });
  }
  const problems = Object.entries(inputTextProblems(parsed));
  if (problems.length > 0) {
    throw new ValidationError(Object.fromEntries(problems.map(([path, message]) => [path === "body" ? name : `${name}.${path}`, message])));
  }
  return parsed;
}

/**
 * The action a multi-intent form asks for: its `intent`, one of `intents`. Any other value, or
 * none, is refused (422) naming the field and the intents the action takes, never taken as one
 * of them by default.
 */
export function formIntent<const Intent extends string>(form: FormData, intents: readonly Intent[]): Intent {
  const intent = form.get("intent");
  if (typeof intent === "string" && (intents as readonly string[]).includes(intent)) return intent as Intent;
  throw refusal(422, `intent: Must be one of: ${intents.join(", ")}`);
}

function refusal(status: number, message: string): Response {
  return new Response(escapeHtml(message), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Refuses (403) a state-changing request another site made the browser send (isCrossSiteWrite).
 * Inside Shopify admin a session token guards every action, which no other site can attach; the
 * demo has none, so its screens refuse such requests here.
 */
export function refuseCrossSiteWrite(request: Request, appUrl: string): void {
  const ownOrigins = [new URL(request.url).origin, originOf(appUrl)];
  if (isCrossSiteWrite(request.method, (name) => request.headers.get(name), ownOrigins)) throw refusal(403, CROSS_SITE_MESSAGE);
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
