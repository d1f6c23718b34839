import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { parseInput } from "~/api/input";
import { COMMANDS } from "~/commands";
import { commandDeps } from "~/commands/deps.server";
import { asFormRefusal, formVersion, parseCommandForm } from "~/commands/form";
import { addLine } from "~/commands/lines";
import { attachmentDisposition } from "~/domain/files";
import { formIntent, readForm } from "~/http/forms.server";
import { screenRefusal } from "~/http/refusals.server";
import { LINE_EXPORT_FORMATS, purchaseOrderLinesFile, type LineExportFormat } from "~/services/documents/po-lines.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";

import { cardRefusal, cardSaved, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

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
 * - `update_line`: a line changed in place (`lineId`, `version`, and the fields changed: `ordered`,
 *   `unitCost`; a field not sent is left alone). The lifecycle decides (lifecycle.ts `update_line`,
 *   the rule the REST API's PATCH `items` applies too); a refusal names the field.
 * - `add_products`: the variants picked in Shopify's product picker (`variantId`, repeated), one
 *   unit each at their default cost on the order, added one by one; the first refused stops there.
 */
const linesAdded = (count: number) => `${count} line${count === 1 ? "" : "s"} added`;

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request, { lists: ["variantId"] });
  const intent = formIntent(form, ["update_line", "add_products"]);
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
  try {
    // The lifecycle's update_line command: its schema reads the form (`lineId`, `ordered`, `unitCost`), as REST and MCP read theirs.
    const command = COMMANDS.update_line;
    const { input, reading } = parseCommandForm(command, form);
    await command.run(deps, { orderId, expectedVersion: formVersion(form) }, input).catch((error: unknown) => {
      throw asFormRefusal(error, reading);
    });
    return cardSaved("Line saved");
  } catch (error) {
    return cardRefusal(error);
  }
}
