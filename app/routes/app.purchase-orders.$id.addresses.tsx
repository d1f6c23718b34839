import type { ActionFunctionArgs } from "@remix-run/node";

import type { AddressesPatch, AddressInput } from "~/domain/purchase-order/supplier-fields";
import { setAddresses } from "~/services/purchase-order-fields.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, formText } from "./app.purchase-orders.$id/card-result.server";

// The order screen's Addresses card: billing and shipping addresses and the drop-ship flag.

/**
 * Per address: `<address>=clear` clears it; fields named `<address>.<field>` set it; neither
 * leaves it alone. `dropShip` is "true" or "false" when sent.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const form = await readForm(request);
  const patch: AddressesPatch = {
    billingAddress: addressFrom(form, "billingAddress"),
    shippingAddress: addressFrom(form, "shippingAddress"),
    dropShip: form.has("dropShip") ? form.get("dropShip") === "true" : undefined,
  };
  try {
    await setAddresses({ db: db }, shopDomain, actor, params.id ?? "", patch);
    const cleared = patch.billingAddress === null || patch.shippingAddress === null;
    return cardSaved(
      cleared
        ? "Address cleared"
        : patch.billingAddress || patch.shippingAddress
          ? "Address saved"
          : patch.dropShip
            ? "Drop-ship on"
            : "Drop-ship off",
    );
  } catch (error) {
    return cardRefusal(error);
  }
}

function addressFrom(form: FormData, prefix: string): AddressInput | null | undefined {
  if (formText(form, prefix) === "clear") return null;
  const fields = [...form.keys()].filter((key) => key.startsWith(`${prefix}.`));
  if (fields.length === 0) return undefined;
  return Object.fromEntries(fields.map((key) => [key.slice(prefix.length + 1), formText(form, key)]));
}
