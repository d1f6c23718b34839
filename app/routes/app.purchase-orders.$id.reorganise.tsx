import type { ActionFunctionArgs } from "@remix-run/node";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { moveLinesBetween, splitBySupplier } from "~/services/split-merge.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved } from "./app.purchase-orders.$id/card-result.server";

// Split by supplier and move lines to another order, for the order screen's "Reorganise" card.

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const form = await readForm(request, { lists: ["lineId"] });
  const intent = formIntent(form, ["split", "move"]);
  try {
    if (intent === "split") {
      const created = await splitBySupplier(db, shopDomain, actor, params.id ?? "");
      return cardSaved(`Lines moved to new drafts: ${created.map((order) => order.name).join(", ")}`);
    }
    const lineIds = form.getAll("lineId").map(String);
    await moveLinesBetween(
      db,
      shopDomain,
      actor,
      params.id ?? "",
      String(form.get("targetId") ?? ""),
      lineIds.map((lineId) => ({ lineId })),
    );
    return cardSaved(`Moved ${lineIds.length} line${lineIds.length === 1 ? "" : "s"}`);
  } catch (error) {
    // The target is the one order the merchant names here: one not found is a wrong choice, not a missing page.
    return cardRefusal(error instanceof NotFoundError ? new ValidationError({ targetId: "Choose one of your purchase orders" }) : error);
  }
}
