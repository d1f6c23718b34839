import { json } from "@remix-run/node";

import { GuardrailError, NotFoundError, StaleVersionError, ValidationError, type FieldErrors } from "~/domain/errors";

/**
 * What the order screen's cards (shipments, addresses, supplier fields) get back from their
 * resource routes: success, or why nothing was saved with the fields at fault.
 */
export type CardResult = { ok: true } | { ok: false; message: string; fieldErrors: FieldErrors };

export function cardSaved() {
  return json<CardResult>({ ok: true });
}

export function cardRefusal(error: unknown) {
  const refuse = (status: number, message: string, fieldErrors: FieldErrors = {}) =>
    json<CardResult>({ ok: false, message, fieldErrors }, { status });
  if (error instanceof ValidationError) return refuse(400, "Nothing was saved: fix the fields marked below.", error.fieldErrors);
  if (error instanceof GuardrailError) return refuse(409, error.message);
  if (error instanceof StaleVersionError) return refuse(409, error.message);
  if (error instanceof NotFoundError) return refuse(404, error.message);
  throw error;
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
