import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { emailEnvironment } from "~/services/email/environment.server";
import { emailStatusNotice } from "~/handlers.server";
import { SIGNATURE_HEADER, statusNoticeSchema, statusNoticeSigned } from "~/services/email/status-notice.server";

// Delivery and bounce notices for supplier emails: verify the signature → record the status.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "POST only" }, { status: 405 });
  // The signature is of the bytes sent: checked before they are read as text.
  const rawBody = new Uint8Array(await request.arrayBuffer());
  if (!statusNoticeSigned(rawBody, request.headers.get(SIGNATURE_HEADER), emailEnvironment().INBOUND_EMAIL_STATUS_SECRET)) {
    return json({ error: `Missing or wrong ${SIGNATURE_HEADER}` }, { status: 401 });
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(rawBody));
  } catch {
    return json({ error: "The body must be JSON (UTF-8)" }, { status: 400 });
  }
  const notice = statusNoticeSchema.safeParse(body);
  if (!notice.success)
    return json({ error: notice.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") }, { status: 400 });
  // Not one of our emails: 404, so the caller sees its mistake.
  if (!(await emailStatusNotice(notice.data))) return json({ error: "No email has that messageId" }, { status: 404 });
  return json({ ok: true });
}
