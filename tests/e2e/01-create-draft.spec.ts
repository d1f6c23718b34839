import { expect, type Page } from "@playwright/test";
import { test, openPanel } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

async function openCreateForm(page: Page) {
  await page.goto("/app/purchase-orders/new");
  await expect(page.getByRole("heading", { name: "Create purchase order" })).toBeVisible();
}

async function addVariant(page: Page, search: string) {
  await page.getByLabel(/Add variants/).fill(search);
  const addButton = page.getByRole("button", { name: /^Add / }).first();
  await expect(addButton).toBeVisible();
  await addButton.click();
}

test.describe.serial("purchase orders in the demo shop", () => {
  test("the index starts empty, inside the app's Polaris shell", async ({ page }) => {
    await page.goto("/app");
    await expect(page).toHaveURL(/\/app\/purchase-orders$/);
    await expect(page.getByRole("heading", { name: "Purchase orders" })).toBeVisible();
    for (const item of ["Purchase orders", "Suppliers", "Settings"]) {
      await expect(page.getByRole("link", { name: item })).toBeVisible();
    }
    await expect(page.getByText("Order stock from your suppliers")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/purchase-orders-empty.png`, fullPage: true });
  });

  test("bad input gets field errors and saves nothing", async ({ page }) => {
    await openCreateForm(page);
    // No supplier, no lines.
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("The purchase order was not saved")).toBeVisible();
    await expect(page.getByText("Choose a supplier")).toBeVisible();
    await expect(page.getByText("Add at least one variant").first()).toBeVisible();

    // A supplier and a line, but quantity 0 and then a negative quantity.
    await page.getByLabel("Supplier", { exact: true }).selectOption({ label: "Northwind Textiles" });
    await addVariant(page, "");
    for (const quantity of ["0", "-3"]) {
      await page.getByLabel(/^Quantity for/).fill(quantity);
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page.getByText(/Quantity must be a whole number from 1/)).toBeVisible();
    }
    await page.screenshot({ path: `${SCREENSHOTS}/create-form-errors.png`, fullPage: true });

    await page.goto("/app/purchase-orders");
    await expect(page.getByText("Order stock from your suppliers")).toBeVisible();
  });

  test("an unknown variant is refused by the server and nothing is saved", async ({ page }) => {
    await openCreateForm(page);
    const supplierId = await page
      .getByLabel("Supplier", { exact: true })
      .locator("option", { hasText: "Northwind Textiles" })
      .getAttribute("value");
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

  test("creating a draft persists it and lists it in the index", async ({ page }) => {
    await openCreateForm(page);
    const supplier = page.getByLabel("Supplier", { exact: true });
    await supplier.selectOption({ label: "Harbor Ceramics" });
    await addVariant(page, "");
    // The unit cost is the one saving would take: Harbor's catalogue price, in Harbor's currency.
    const unitCost = page.getByLabel(/^Unit cost for/);
    await expect(page.getByText("The supplier's catalogue price")).toBeVisible();
    await expect(unitCost).toHaveValue(/^\d+(\.\d{1,4})?$/);
    // Another supplier does not list the mug: its default is Shopify's cost (in USD, that supplier's
    // currency too), and the line is flagged as Harbor's product. Back to Harbor, its price again.
    await supplier.selectOption({ label: "Northwind Textiles" });
    await expect(page.getByText("Shopify's unit cost")).toBeVisible();
    await expect(page.getByText("Harbor Ceramics's product")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/create-form-other-supplier.png`, fullPage: true });
    await supplier.selectOption({ label: "Harbor Ceramics" });
    await expect(page.getByText("The supplier's catalogue price")).toBeVisible();
    await expect(page.getByText("Harbor Ceramics's product")).toBeHidden();
    await page.getByLabel(/^Quantity for/).fill("12");
    await page.getByLabel("Note to supplier").fill("Please pack mugs in dividers.");
    await page.screenshot({ path: `${SCREENSHOTS}/create-form.png`, fullPage: true });
    await page.getByRole("button", { name: "Save draft" }).click();

    await expect(page.getByRole("heading", { name: "PO-0001" })).toBeVisible();
    await expect(page.locator("[data-status]").first()).toHaveAttribute("data-status", "draft");
    await expect(page.getByText("Please pack mugs in dividers.")).toBeVisible();
    await openPanel(page, "details");
    await expect(page.getByRole("textbox", { name: "Note to supplier" })).toHaveValue("Please pack mugs in dividers.");

    await page.goto("/app/purchase-orders");
    const row = page.getByRole("row", { name: /PO-0001/ });
    await expect(row).toContainText("Harbor Ceramics");
    await expect(row).toContainText("Draft");
    await expect(row).toContainText("12");
    await page.screenshot({ path: `${SCREENSHOTS}/purchase-orders-index.png`, fullPage: true });

    // Persisted: a fresh page load (new request, new render) still lists it.
    await page.reload();
    await expect(page.getByRole("row", { name: /PO-0001/ })).toBeVisible();
  });
});
