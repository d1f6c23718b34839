import type { ActionFunctionArgs } from "@remix-run/node";

import type { SupplierFieldsPatch } from "~/domain/purchase-order/supplier-fields";
import { updateSupplierFields } from "~/services/purchase-order-fields.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, formText } from "./app.purchase-orders.$id/card-result.server";

// The order screen's Supplier card: supplier-facing fields, custom fields, tags, line comments.

/**
 * Fields not sent are left alone. Lists (`externalNumbers`, `tags`) are comma- or
 * line-separated; `customFields=replace` with repeated `customFieldKey`/`customFieldValue`
 * replaces every custom field; `comment.<lineId>` sets a line's comment.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const form = await readForm(request, { lists: ["customFieldKey", "customFieldValue"] });
  const list = (name: string) => formText(form, name)?.split(/[,\n]/);
  const confirmed = formText(form, "supplierConfirmed");
  const keys = form.getAll("customFieldKey").map(String);
  const values = form.getAll("customFieldValue").map(String);
  const comments = [...form.keys()].filter((key) => key.startsWith("comment."));
  const patch: SupplierFieldsPatch = {
    vendorReference: formText(form, "vendorReference"),
    externalNumbers: list("externalNumbers"),
    supplierConfirmed: confirmed === undefined ? undefined : confirmed === "true",
    promiseDate: formText(form, "promiseDate"),
    holdUntil: formText(form, "holdUntil"),
    tags: list("tags"),
    customFields: form.get("customFields") === "replace" ? keys.map((key, index) => ({ key, value: values[index] ?? "" })) : undefined,
    lineComments: comments.length ? Object.fromEntries(comments.map((key) => [key.slice("comment.".length), formText(form, key) ?? ""])) : undefined,
  };
  try {
    await updateSupplierFields({ db: db }, shopDomain, actor, params.id ?? "", patch);
    return cardSaved("Supplier details saved");
  } catch (error) {
    return cardRefusal(error);
  }
}
