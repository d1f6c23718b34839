import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { z } from "zod";

import { parseInput } from "~/api/input";
import { commandDeps } from "~/commands/deps.server";
import type { CommandDeps } from "~/commands/command";
import { asFormRefusal, formVersion, parseCommandForm, type FormReading } from "~/commands/form";
import { addLine, updateLine, UpdateLinesForm } from "~/commands/lines";
import { renameFieldErrors, ValidationError } from "~/domain/errors";
import { attachmentDisposition } from "~/domain/files";
import { formIntent, readForm } from "~/http/forms.server";
import { screenRefusal } from "~/http/refusals.server";
import { LINE_EXPORT_FORMATS, purchaseOrderLinesFile, type LineExportFormat } from "~/services/documents/po-lines.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { cardRefusal, cardSaved, loadOr404, type CardResult } from "./app.purchase-orders.$id/card-result.server";

/** The order's lines as a download: `?format=csv|xlsx` (default csv), the columns of its PO document. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (!(LINE_EXPORT_FORMATS as readonly string[]).includes(format)) {
    return json({ fieldErrors: { format: `Must be one of: ${LINE_EXPORT_FORMATS.join(", ")}` } }, { status: 400 });
  }
  const file = await loadOr404(() => purchaseOrderLinesFile({ db, storage: fileStorage }, shopDomain, params.id ?? "", format as LineExportFormat));
  return new Response(file.body, {
    headers: { "Content-Type": file.contentType, "Content-Disposition": attachmentDisposition(file.fileName), "Cache-Control": "no-store" },
  });
}

/**
 * The order page's line changes (POST, by `intent`):
 * - `update_lines`: the lines changed in place, saved from the save bar (`version`, and per line the
 *   fields changed: `ordered.<lineId>`, `unitCost.<lineId>`; a field not sent is left alone). Every
 *   line is read by update_line's schema first (one bad field: nothing saved), then saved by the
 *   lifecycle's `update_line` (the rule the REST API's PATCH `items` applies too), one after another;
 *   a refusal names the line's field and says what was saved before it.
 * - `add_products`: the variants picked in Shopify's product picker (`variantId`, repeated), one
 *   unit each at their default cost on the order, added one by one; the first refused stops there.
 */
const linesAdded = (count: number) => `${count} line${count === 1 ? "" : "s"} added`;
const linesSaved = (count: number) => (count === 1 ? "Line saved" : `${count} lines saved`);

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request, { lists: ["variantId"] });
  const intent = formIntent(form, ["update_lines", "add_products"]);
  const deps = commandDeps(db, gateway, shopDomain, actor);
  if (intent === "add_products") {
    const variantIds = form.getAll("variantId").map(String);
    let added = 0;
    try {
      // Each picked variant is the add_line command REST and MCP run, named by its id.
      for (const variantId of variantIds) {
        await addLine.run(deps, { orderId }, parseInput(addLine.schema, { line: { variant_id: variantId, ordered: 1 } }));
        added += 1;
      }
    } catch (error) {
      // What was added stays added (and the page reloads it); the toast says where it stopped.
      const refusal = added > 0 ? screenRefusal(error) : null;
      if (!refusal) return cardRefusal(error);
      return cardSaved(`${linesAdded(added)}; the next was refused: ${refusal.message}`);
    }
    return cardSaved(linesAdded(added));
  }
  return saveLines(deps, orderId, form);
}

async function saveLines(deps: CommandDeps, orderId: string, form: FormData) {
  // A line's quantity or cost posted blank is refused at its field (the form reader leaves a blank
  // field out, which here would read as "unchanged").
  const blank = [...form].filter(([name, value]) => /^(ordered|unitCost)\.[^.]+$/.test(name) && typeof value === "string" && value.trim() === "");
  if (blank.length > 0) {
    return cardRefusal(
      new ValidationError(Object.fromEntries(blank.map(([name]) => [name, name.startsWith("ordered.") ? "Enter a quantity" : "Enter a unit cost"]))),
    );
  }
  let reading: FormReading;
  let lines: z.output<typeof UpdateLinesForm>["lines"];
  try {
    ({
      input: { lines },
      reading,
    } = parseCommandForm({ schema: UpdateLinesForm }, form));
  } catch (error) {
    return cardRefusal(error);
  }
  let expectedVersion = formVersion(form);
  let saved = 0;
  for (const [index, line] of lines.entries()) {
    try {
      const result = await updateLine.run(deps, { orderId, expectedVersion }, line);
      expectedVersion = expectedVersion === undefined ? undefined : result.order?.version;
      saved += 1;
    } catch (error) {
      // The refusal shows at the line's own field (a rule that names none, such as "below what was
      // booked", at its quantity); the lines saved before it stay saved, and the page shows them.
      const named = asFormRefusal(error instanceof ValidationError ? renameFieldErrors(error, (field) => `lines.${index}.${field}`) : error, reading);
      const refusal = screenRefusal(named);
      if (!refusal) throw error;
      const fieldErrors =
        Object.keys(refusal.fieldErrors).length > 0 ? refusal.fieldErrors : { [reading.formName(`lines.${index}.ordered`)]: refusal.message };
      const message = saved > 0 ? `${linesSaved(saved)}; the next was refused: ${refusal.message}` : refusal.message;
      return json<CardResult>({ ok: false, ...refusal, message, fieldErrors, changed: saved > 0 }, { status: refusal.status });
    }
  }
  return cardSaved(linesSaved(saved));
}
