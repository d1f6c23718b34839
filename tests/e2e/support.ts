import { expect, test as base, type Page } from "@playwright/test";

/**
 * Playwright's test, with every page of the test's context recording the toasts it shows. A
 * toast is up for five seconds of the page's clock: on a loaded machine a check for it can start
 * after it has gone, so specs ask whether it was shown (`expectToast`), a condition that stays true.
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    await context.addInitScript(() => {
      const shown: string[] = [];
      const seen = new WeakSet<Element>();
      (window as unknown as { __inboundToasts: string[] }).__inboundToasts = shown;
      const record = () => {
        // App Bridge's toasts (the demo's stand-in draws them; in admin they are Shopify's).
        for (const toast of document.querySelectorAll("[data-app-bridge-toast]")) {
          const text = toast.textContent?.trim();
          if (!text || seen.has(toast)) continue;
          seen.add(toast);
          shown.push(text);
        }
      };
      new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await use(context);
  },
  // A page loaded with goto is used once React has hydrated it (root.tsx marks <html data-hydrated>):
  // a choice made in the server's HTML before that was reset by hydration (seen on a loaded machine).
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      if (response?.headers()["content-type"]?.includes("text/html")) {
        await page.waitForFunction(() => !("__remixContext" in window) || document.documentElement.hasAttribute("data-hydrated"));
      }
      return response;
    };
    await use(page);
  },
});

/**
 * Waits until the page has shown a toast matching `message` (since it last loaded), and takes it
 * off the record, so the same message expected twice must be shown twice.
 */
export async function expectToast(page: Page, message: string | RegExp) {
  const pattern =
    typeof message === "string"
      ? { source: message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags: "" }
      : { source: message.source, flags: message.flags };
  await expect
    .poll(
      () =>
        page.evaluate(({ source, flags }) => {
          const shown = (window as unknown as { __inboundToasts?: string[] }).__inboundToasts ?? [];
          const index = shown.findIndex((text) => new RegExp(source, flags).test(text));
          if (index >= 0) shown.splice(index, 1);
          return index >= 0;
        }, pattern),
      { message: `a toast saying ${String(message)}` },
    )
    .toBe(true);
}

/**
 * Adds products on the create form through the resource picker (App Bridge's; the demo's
 * stand-in draws it): the first `count` variants it lists, after typing `search` if given.
 * `beforeAdd` runs once they are chosen, the picker still open (a screenshot, say).
 */
export async function pickVariants(page: Page, count: number, search?: string, beforeAdd?: () => Promise<void>) {
  await page.getByRole("button", { name: "Add products" }).click();
  const picker = page.locator("[data-app-bridge-resource-picker]");
  await expect(picker).toBeVisible();
  if (search !== undefined) await picker.getByRole("searchbox", { name: "Search products" }).fill(search);
  // Variant rows are labelled "Product – Variant"; product rows (all their variants) by the title alone.
  const variants = picker.getByRole("checkbox", { name: / – / });
  await expect(variants.nth(count - 1)).toBeVisible();
  for (let index = 0; index < count; index += 1) await variants.nth(index).check();
  await beforeAdd?.();
  await picker.getByRole("button", { name: "Add", exact: true }).click();
  await expect(picker).toBeHidden();
}

/** A moment of the create form a caller may look at (createDraftInUi's `look`). */
export type CreateFormMoment = "resource-picker" | "create-form";

/**
 * Creates a draft through the create form: the supplier, then the first variants the picker
 * lists for it, with the given quantities. Ends on the new order's page and returns its name (PO-0001 …).
 * `look` runs with the picker open and its choices made, and with the form filled before saving.
 */
export async function createDraftInUi(
  page: Page,
  supplier: string,
  quantities: number[],
  options: { unitCost?: string; look?: (moment: CreateFormMoment) => Promise<void> } = {},
): Promise<string> {
  await page.goto("/app/purchase-orders/new");
  await page.getByLabel("Supplier", { exact: true }).selectOption({ label: supplier });
  await pickVariants(page, quantities.length, undefined, options.look && (() => options.look!("resource-picker")));
  const fields = page.getByLabel(/^Quantity for/);
  await expect(fields).toHaveCount(quantities.length);
  for (const [index, quantity] of quantities.entries()) await fields.nth(index).fill(String(quantity));
  if (options.unitCost !== undefined) {
    const costs = page.getByLabel(/^Unit cost for/);
    for (let index = 0; index < quantities.length; index += 1) await costs.nth(index).fill(options.unitCost);
  }
  await options.look?.("create-form");
  // With something entered the save bar shows (in the demo it covers the header's Save draft): its Save creates the draft.
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await expectStatus(page, "draft");
  const name = (await page.getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
  expect(name).toMatch(/^PO-\d{4}$/);
  return name;
}

/** The order page's status, by its machine name (the badge carries it as data-status). */
export async function expectStatus(page: Page, status: string) {
  await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", status);
}

/**
 * The incoming quantities Shopify (the demo's stand-in) holds for an order, by SKU, read from
 * the stand-in's read-only inspection endpoint.
 */
export async function shopifyIncomingBySku(orderId: string): Promise<Record<string, number>> {
  const response = await fetch(`${process.env.E2E_STANDIN_ORIGIN}/__standin/shops/inbound-demo.myshopify.com`);
  const state = (await response.json()) as {
    products: Array<{
      variants: Array<{ sku: string | null; inventoryLevels: Array<{ incomingByLedgerDocument: Record<string, number> }> }>;
    }>;
  };
  const document = `gid://inbound/PurchaseOrder/${orderId}`;
  const result: Record<string, number> = {};
  for (const variant of state.products.flatMap((product) => product.variants)) {
    const held = variant.inventoryLevels.reduce((sum, level) => sum + (level.incomingByLedgerDocument[document] ?? 0), 0);
    if (variant.sku && held > 0) result[variant.sku] = held;
  }
  return result;
}

/** Page actions sit in the header, or in its "More actions" menu when space runs out. */
export async function pageAction(page: Page, name: string) {
  const button = page.getByRole("button", { name, exact: true });
  const more = page.getByRole("button", { name: "More actions" });
  // The header may still be rendering (after a reload): wait until it shows the action or its menu.
  await button.or(more).first().waitFor();
  if (!(await button.isVisible())) {
    await more.click();
    // Polaris renders the menu's entries as menu items or as plain buttons, depending on the list.
    await page
      .getByRole("menuitem", { name, exact: true })
      .or(page.getByRole("button", { name, exact: true }))
      .click();
  } else {
    await button.click();
  }
}

/** What Shopify (the demo's stand-in) shows for a variant: on hand at all locations, and its product's tags. */
export async function shopifyVariant(sku: string): Promise<{ available: number; tags: string[] }> {
  const response = await fetch(`${process.env.E2E_STANDIN_ORIGIN}/__standin/shops/inbound-demo.myshopify.com`);
  const state = (await response.json()) as {
    products: Array<{ tags: string[]; variants: Array<{ sku: string | null; inventoryLevels: Array<{ quantities: Record<string, number> }> }> }>;
  };
  for (const product of state.products) {
    const variant = product.variants.find((candidate) => candidate.sku === sku);
    if (variant) {
      return { available: variant.inventoryLevels.reduce((sum, level) => sum + (level.quantities.available ?? 0), 0), tags: product.tags };
    }
  }
  throw new Error(`no variant ${sku} in the stand-in`);
}

/** A variant's barcode in the stand-in's store. */
export async function shopifyBarcode(sku: string): Promise<string> {
  const response = await fetch(`${process.env.E2E_STANDIN_ORIGIN}/__standin/shops/inbound-demo.myshopify.com`);
  const state = (await response.json()) as { products: Array<{ variants: Array<{ sku: string | null; barcode: string | null }> }> };
  const barcode = state.products.flatMap((product) => product.variants).find((variant) => variant.sku === sku)?.barcode;
  if (!barcode) throw new Error(`no barcode for ${sku} in the stand-in`);
  return barcode;
}

/** The confirmation modal that is open (App Bridge's ui-modal, drawn by the demo's stand-in as a dialog). */
export function modal(page: Page) {
  return page.getByRole("dialog");
}

/**
 * Confirms the open modal with its button `label`, once it may be pressed (a preview of what will
 * happen loads first), and waits for the modal to close.
 */
export async function confirmInModal(page: Page, label: string) {
  const button = modal(page).getByRole("button", { name: label, exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(modal(page)).toHaveCount(0);
}

/** Dismisses the open modal with Cancel: nothing may happen. */
export async function dismissModal(page: Page) {
  await modal(page).getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(modal(page)).toHaveCount(0);
}

/** A page action that asks first, confirmed (the modal's button is named as the action, unless told). */
export async function confirmedPageAction(page: Page, name: string, confirmLabel = name) {
  await pageAction(page, name);
  await confirmInModal(page, confirmLabel);
}

/** Marks the order on screen as sent, confirming, and waits for it. */
export async function markAsSent(page: Page) {
  await confirmedPageAction(page, "Mark as sent");
  await expectStatus(page, "sent");
}

/**
 * Opens one of the order page's panels from its side column (payments, credits, details,
 * supplierFields, addresses, shipments, documents, emails, shopify, labels, reorganise).
 */
export async function openPanel(page: Page, panel: string) {
  await page.locator(`[data-open-panel="${panel}"]`).first().getByRole("button").click();
  await expect(page.locator(`#order-panel[data-panel="${panel}"]`)).toBeVisible();
}

/**
 * Books a receipt on the order on screen through the order page's action, with the form fields it
 * keeps for receiving (`received.<lineId>`, `rejected.<lineId>`, …), per line in the table's order;
 * then reloads the page. The screens receive on the receiving screen (its own spec drives it).
 */
export async function bookReceipt(page: Page, lines: Array<{ received?: number; rejected?: number; cancelled?: number; reason?: string }>) {
  const ids = await page.locator("[data-line-id]").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-line-id")!));
  const form: Record<string, string> = { intent: "receive" };
  lines.forEach((line, index) => {
    for (const [field, value] of Object.entries(line)) form[`${field}.${ids[index]}`] = String(value);
  });
  const url = new URL(page.url());
  const response = await page.request.post(url.pathname, { form, headers: { Origin: url.origin }, maxRedirects: 0 });
  expect(response.status()).toBeLessThan(400);
  await page.reload();
}

/** App Bridge's contextual save bar (the demo's stand-in draws it as admin does). */
export function saveBar(page: Page) {
  return page.getByRole("region", { name: "Unsaved changes" });
}

/** App Bridge's question before leaving a page while its save bar shows (`shopify.saveBar.leaveConfirmation()`). */
export function leaveConfirmation(page: Page) {
  return page.getByRole("dialog", { name: "Leave page with unsaved changes?" });
}

/** The question before a form shown in place (a panel, an item, a template) is closed or replaced with unsaved edits. */
export function discardConfirmation(page: Page) {
  return page.getByRole("dialog", { name: "Discard unsaved changes?" });
}

/** Starts a reload and answers the browser's "leave site?" question (a beforeunload dialog) as told. */
export async function reloadAnswering(page: Page, answer: "stay" | "leave") {
  const asked = page.waitForEvent("dialog");
  const reloading = page.evaluate(() => location.reload()).catch(() => undefined);
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  if (answer === "stay") await dialog.dismiss();
  else await dialog.accept();
  await reloading;
}

/** The order's id, from its page's URL. */
export function orderIdOf(page: Page): string {
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** The index table's order rows (not its header). */
export function orderRows(page: Page) {
  return page.locator(".Polaris-IndexTable__TableRow");
}

/** What Remix (single fetch) asks the server for on a client-side navigation or revalidation: the routes' loader data. */
export const isDataRequest = (url: string) => /\.data(\?|$)/.test(url) || url.includes("_data=");

/**
 * Records, from now on, the path and query of each request the page makes under `pathPrefix`
 * other than document loads; the array fills as they are made.
 */
export function requestsUnder(page: Page, pathPrefix: string): string[] {
  const requests: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith(pathPrefix) && request.resourceType() !== "document")
      requests.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  return requests;
}

/** The page's height at its width: the document's, or the Polaris page's bottom if the app's frame scrolls inside it. */
export async function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const polarisPage = document.querySelector(".Polaris-Page")!.getBoundingClientRect();
    return Math.max(document.documentElement.scrollHeight, Math.ceil(polarisPage.bottom + window.scrollY));
  });
}
