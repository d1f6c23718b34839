import { expect, type Page } from "@playwright/test";
import { leaveConfirmation, openPanel, pickVariants, reloadAnswering, saveBar, test } from "./support";

const SCREENSHOTS = "tests/output/screenshots";
const SCREENS = "tests/output/screens";

async function openCreateForm(page: Page) {
  await page.goto("/app/purchase-orders/new");
  await expect(page.getByRole("heading", { name: "Create purchase order" })).toBeVisible();
}

/** Save draft in the header on an empty form; once something is entered, the save bar's Save (in the demo the bar covers the header). */
const saveDraft = (page: Page) => page.getByRole("button", { name: "Save draft" }).click();
const saveFromBar = (page: Page) => saveBar(page).getByRole("button", { name: "Save" }).click();

test.describe.serial("purchase orders in the demo shop", () => {
  test("the index starts empty, inside the app's Polaris shell", async ({ page }) => {
    await page.goto("/app");
    await expect(page).toHaveURL(/\/app\/purchase-orders$/);
    await expect(page.getByRole("heading", { name: "Purchase orders" })).toBeVisible();
    for (const item of ["Purchase orders", "Suppliers", "Settings"]) {
      // App Bridge's nav menu (ui-nav-menu, Shopify admin's) and the demo shell's navigation both hold it.
      await expect(page.getByRole("link", { name: item }).first()).toBeVisible();
    }
    await expect(page.getByText("Order stock from your suppliers")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/purchase-orders-empty.png`, fullPage: true });
  });

  test("bad input gets field errors and saves nothing", async ({ page }) => {
    await openCreateForm(page);
    // Supplier first: products cannot be added before one is chosen.
    await expect(page.getByRole("button", { name: "Add products" })).toBeDisabled();
    await saveDraft(page);
    await expect(page.getByText("The purchase order was not saved")).toBeVisible();
    await expect(page.getByText("Choose a supplier")).toBeVisible();
    await expect(page.getByText("Add at least one variant").first()).toBeVisible();

    // A supplier and a line, but quantity 0 and then a negative quantity.
    await page.getByLabel("Supplier", { exact: true }).selectOption({ label: "Northwind Textiles" });
    await pickVariants(page, 1);
    for (const quantity of ["0", "-3"]) {
      await page.getByLabel(/^Quantity for/).fill(quantity);
      await saveFromBar(page);
      await expect(page.getByText(/Quantity must be a whole number from 1/)).toBeVisible();
    }
    await page.screenshot({ path: `${SCREENSHOTS}/create-form-errors.png`, fullPage: true });

    // Nothing was saved, so leaving asks first: leave.
    await page.getByRole("link", { name: "Purchase orders" }).first().click();
    await leaveConfirmation(page).getByRole("button", { name: "Leave page" }).click();
    await expect(page).toHaveURL(/\/app\/purchase-orders$/);
    await expect(page.getByText("Order stock from your suppliers")).toBeVisible();
  });

  test("once anything is entered, the save bar shows and leaving asks first; Discard empties the form", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openCreateForm(page);
    await expect(saveBar(page)).toHaveCount(0);
    // A note typed is something entered; cleared again, it is not.
    const note = page.getByLabel("Note to supplier");
    await note.fill("Call before delivery");
    await expect(saveBar(page)).toBeVisible();
    await note.fill("");
    await expect(saveBar(page)).toHaveCount(0);

    const supplier = page.getByLabel("Supplier", { exact: true });
    await supplier.selectOption({ label: "Northwind Textiles" });
    await expect(saveBar(page)).toBeVisible();
    await pickVariants(page, 2);
    const quantities = page.getByLabel(/^Quantity for/);
    await expect(quantities).toHaveCount(2);
    await note.fill("Call before delivery");
    await page.screenshot({ path: `${SCREENS}/create-order-save-bar.png` });

    // Another screen of the app: asked first; staying keeps what was entered.
    await page.getByRole("link", { name: "Suppliers" }).first().click();
    await expect(leaveConfirmation(page)).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/create-order-leave-confirmation.png` });
    await leaveConfirmation(page).getByRole("button", { name: "Stay" }).click();
    await expect(leaveConfirmation(page)).toHaveCount(0);
    await expect(page).toHaveURL(/\/app\/purchase-orders\/new$/);
    await expect(quantities).toHaveCount(2);

    // A reload: the browser asks; staying keeps it.
    await reloadAnswering(page, "stay");
    await expect(quantities).toHaveCount(2);
    await expect(note).toHaveValue("Call before delivery");

    // Discard: the empty form again, the bar gone, and leaving no longer asks.
    await saveBar(page).getByRole("button", { name: "Discard" }).click();
    await expect(saveBar(page)).toHaveCount(0);
    await expect(supplier).toHaveValue("");
    await expect(quantities).toHaveCount(0);
    await expect(note).toHaveValue("");
    await page.getByRole("link", { name: "Suppliers" }).first().click();
    await expect(page).toHaveURL(/\/app\/suppliers$/);
    await expect(leaveConfirmation(page)).toHaveCount(0);
  });

  test("an unknown variant is refused by the server and nothing is saved", async ({ page }) => {
    await openCreateForm(page);
    const supplierId = await page.getByLabel("Supplier", { exact: true }).locator("option", { hasText: "Northwind Textiles" }).getAttribute("value");
    const response = await page.request.post("/app/purchase-orders/new", {
      form: {
        supplierId: supplierId ?? "",
        locationId: "",
        note: "",
        variantId: "gid://shopify/ProductVariant/999999999",
        quantity: "2",
        unitCost: "",
      },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("Shopify has no such product variant in this shop");
    await page.goto("/app/purchase-orders");
    await expect(page.getByText("Order stock from your suppliers")).toBeVisible();
  });

  test("a 3-line draft made with the resource picker: catalogue costs, a running total, the location in view", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openCreateForm(page);
    // The receiving location is chosen on the form, with the default showing.
    await expect(page.getByLabel("Receiving location")).not.toHaveValue("");
    const supplier = page.getByLabel("Supplier", { exact: true });
    await supplier.selectOption({ label: "Harbor Ceramics" });
    await expect(page.getByRole("button", { name: "Harbor Ceramics products" })).toHaveAttribute("aria-pressed", "true");

    // The picker offers Harbor's products only; "All products" offers the others too.
    await page.getByRole("button", { name: "Add products" }).click();
    const picker = page.locator("[data-app-bridge-resource-picker]");
    await expect(picker.getByRole("checkbox").first()).toBeVisible();
    await expect(picker).toContainText("Harbor Ceramics");
    await expect(picker).not.toContainText("Northwind Textiles");
    await picker.getByRole("button", { name: "Cancel" }).click();
    await expect(picker).toBeHidden();
    await page.getByRole("button", { name: "All products" }).click();
    await page.getByRole("button", { name: "Add products" }).click();
    await expect(picker).toContainText("Northwind Textiles");
    await picker.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Harbor Ceramics products" }).click();

    await pickVariants(page, 3);
    const quantities = page.getByLabel(/^Quantity for/);
    await expect(quantities).toHaveCount(3);
    // Each cost is the one saving would take: Harbor's catalogue price, in Harbor's currency.
    await expect(page.getByText("The supplier's catalogue price")).toHaveCount(3);
    const costs = page.getByLabel(/^Unit cost for/);
    for (const [index, quantity] of ["2", "3", "4"].entries()) await quantities.nth(index).fill(quantity);
    const expected = (await costs.evaluateAll((fields) => fields.map((field) => Number((field as HTMLInputElement).value)))).reduce(
      (sum, cost, index) => sum + cost * [2, 3, 4][index]!,
      0,
    );
    await expect(page.getByTestId("running-total")).toHaveText(`${expected.toFixed(2)} USD`);

    // Another supplier does not list Harbor's products: its default is Shopify's cost, and each line is flagged.
    await supplier.selectOption({ label: "Northwind Textiles" });
    await expect(page.getByText("Shopify's unit cost").first()).toBeVisible();
    await expect(page.getByText("Harbor Ceramics's product")).toHaveCount(3);
    await supplier.selectOption({ label: "Harbor Ceramics" });
    await expect(page.getByText("The supplier's catalogue price")).toHaveCount(3);
    await expect(page.getByText("Harbor Ceramics's product")).toHaveCount(0);
    await expect(page.getByTestId("running-total")).toHaveText(`${expected.toFixed(2)} USD`);

    // The SKU / barcode field: an unknown code says so; a known one adds its line, once.
    const code = page.getByRole("textbox", { name: "Add by SKU or barcode" });
    await code.fill("NO-SUCH-SKU");
    await code.press("Enter");
    await expect(page.getByText('No product in Shopify or in this supplier\'s catalogue has the SKU or barcode "NO-SUCH-SKU"')).toBeVisible();
    const firstSku = ((await page.getByText(/^SKU /).first().textContent()) ?? "").replace(/^SKU /, "");
    await code.fill(firstSku);
    await code.press("Enter");
    await expect(code).toHaveValue("");
    await expect(quantities).toHaveCount(3);

    await page.getByLabel("Note to supplier").fill("Please pack mugs in dividers.");
    await page.screenshot({ path: `${SCREENS}/create-order.png` });
    // The save bar's Save is Save draft.
    await saveFromBar(page);

    await expect(page.getByRole("heading", { name: "PO-0001" })).toBeVisible();
    await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "draft");
    await expect(page.getByText("Please pack mugs in dividers.")).toBeVisible();
    await openPanel(page, "details");
    await expect(page.getByRole("textbox", { name: "Note to supplier" })).toHaveValue("Please pack mugs in dividers.");

    await page.goto("/app/purchase-orders");
    const row = page.getByRole("row", { name: /PO-0001/ });
    await expect(row).toContainText("Harbor Ceramics");
    await expect(row).toContainText("Draft");
    await page.screenshot({ path: `${SCREENSHOTS}/purchase-orders-index.png`, fullPage: true });

    // Persisted: a fresh page load (new request, new render) still lists it.
    await page.reload();
    await expect(page.getByRole("row", { name: /PO-0001/ })).toBeVisible();
  });
});
