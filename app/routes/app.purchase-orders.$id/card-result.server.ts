import { json } from "@remix-run/node";

import { NotFoundError } from "~/domain/errors";
import type { ScreenRefusal } from "~/http/refusals";
import { screenRefusal, type RefusalContext } from "~/http/refusals.server";

/**
 * What the order screen's cards (payments, shipments, addresses, supplier fields…) get back from
 * their resource routes: what was done (the card's feedback), or the refusal to show, with the
 * fields at fault.
 */
export type CardResult =
  | { ok: true; message: string }
  /** `changed`: part of the request was saved before the refusal (the page reloads to show it). */
  | ({ ok: false; changed?: boolean } & ScreenRefusal);

export function cardSaved(message: string) {
  return json<CardResult>({ ok: true, message });
}

export function cardRefusal(error: unknown, context?: RefusalContext) {
  const refusal = screenRefusal(error, context);
  if (!refusal) throw error;
  return json<CardResult>({ ok: false, ...refusal }, { status: refusal.status });
}

/** Loaders answer 404 for an order (or shipment) that is not the shop's. */
export async function loadOr404<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 });
    throw error;
  }
}

/** A form field as text; undefined when the form did not send it (leave the value alone). */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return value === null ? undefined : String(value);
}
