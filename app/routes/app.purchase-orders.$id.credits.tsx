import type { ActionFunctionArgs } from "@remix-run/node";

import { DERIVED_CREDIT_FIELDS } from "~/domain/credits";
import { ValidationError, type FieldErrors } from "~/domain/errors";
import { refuseDerivedFields } from "~/domain/purchase-order/totals";
import { applyCredits, createCredit, orderCredits, reverseApplication } from "~/services/credits.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { formVersion } from "~/commands/form";
import { cardRefusal, cardSaved, formText } from "./app.purchase-orders.$id/card-result.server";

/**
 * The order's supplier credits for the credits card (GET), and the ledger commands (POST, by
 * `intent`): create_credit (for the order's supplier), apply_credits (`amount.<creditId>` per
 * credit; blank ones are skipped), reverse_credit (`applicationId`).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ["create_credit", "apply_credits", "reverse_credit"]);
  const options = { expectedVersion: formVersion(form) };
  const requests = [...form.entries()]
    .filter(([name, value]) => name.startsWith("amount.") && String(value).trim())
    .map(([name, value]) => ({ creditId: name.slice("amount.".length), amount: String(value) }));
  try {
    refuseDerivedFields(Object.fromEntries(form), DERIVED_CREDIT_FIELDS);
    if (intent === "create_credit") {
      const { record } = await orderCredits(db, shopDomain, orderId);
      await createCredit(db, shopDomain, actor, {
        supplierId: record.supplierId,
        source: formText(form, "source") ?? "",
        amount: formText(form, "amount") ?? "",
        reference: formText(form, "reference"),
        note: formText(form, "note"),
      });
      return cardSaved("Credit created");
    }
    if (intent === "reverse_credit") {
      await reverseApplication(db, shopDomain, actor, orderId, formText(form, "applicationId") ?? "", options);
      return cardSaved("Credit reversed: the amount is back on the supplier's credit");
    }
    await applyCredits(db, shopDomain, actor, orderId, requests, options);
    return cardSaved("Credits applied");
  } catch (error) {
    return cardRefusal(error instanceof ValidationError ? new ValidationError(byCredit(error.fieldErrors, requests)) : error);
  }
}

/** The ledger names requests by position; the card names its amount fields by credit. */
function byCredit(errors: FieldErrors, requests: ReadonlyArray<{ creditId: string }>): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const match = /^applications\.(\d+)\.\w+$/.exec(field);
      const request = match ? requests[Number(match[1])] : undefined;
      return [request ? `amount.${request.creditId}` : field, message];
    }),
  );
}
