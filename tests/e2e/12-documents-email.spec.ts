import { execFileSync } from "node:child_process";

import { expect } from "@playwright/test";

import { confirmInModal, createDraftInUi, expectStatus, modal, pageAction, expectToast, test, openPanel } from "./support";

const SCREENSHOTS = "tests/output/screenshots";

test("a template is previewed in Settings; Send to supplier emails the PO, the Emails card shows it delivered; the PO PDF renders", async ({
  page,
}) => {
  // The preview follows the wording as it is typed, placeholders filled from a sample order.
  await page.goto("/app/settings/email");
  await page.getByLabel("Subject").fill("Order {{po_number}} from {{shop_name}}");
  await expect(page.getByTestId("email-preview")).toContainText(/Order PO-\d{4} from /);
  // A supplier gets its own wording: saved under a name, then chosen for the supplier.
  await page.getByLabel("Save the wording above for suppliers, as").fill("Harbor wording");
  await page.getByRole("button", { name: "Save wording" }).click();
  await page.getByLabel("Wording for Harbor Ceramics").selectOption({ label: "Harbor wording" });
  await page.reload();
  await expect(page.getByLabel("Wording for Harbor Ceramics")).toHaveValue(/.+/);
  await page.screenshot({ path: `${SCREENSHOTS}/email-settings.png`, fullPage: true });

  await createDraftInUi(page, "Northwind Textiles", [2, 1]);
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  // Sending emails the supplier: the confirmation says to whom, and so does the feedback.
  await pageAction(page, "Send to supplier");
  await expect(modal(page)).toContainText("The purchase order is emailed to orders@northwind-textiles.example");
  await page.screenshot({ path: `${SCREENSHOTS}/send-to-supplier-modal.png`, fullPage: true });
  await confirmInModal(page, "Send to supplier");
  await expectToast(page, /Email to orders@northwind-textiles\.example.* queued/);
  await expectStatus(page, "sent");
  // The demo's own SMTP server accepts the message (the worker records it as sent) and then, as a
  // mail provider would, reports it delivered through the signed status endpoint.
  await expect(async () => {
    await page.reload();
    await openPanel(page, "emails");
    await expect(page.locator('[data-card="emails"]')).toContainText("Delivered", { timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
  await expect(page.locator('[data-card="emails"]')).toContainText("orders@northwind-textiles.example");

  // The PO document, first page rendered to an image for a look.
  await page.getByRole("button", { name: "Download" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    // Exact: the Download button owns its menu (aria-owns), so its own name contains every entry's.
    page
      .getByRole("menuitem", { name: "Purchase order PDF", exact: true })
      .or(page.getByRole("button", { name: "Purchase order PDF", exact: true }))
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${name}.pdf`);
  const pdf = `tests/output/${name}.pdf`;
  await download.saveAs(pdf);
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, `${SCREENSHOTS}/po-pdf-page-1`]);
  await page.screenshot({ path: `${SCREENSHOTS}/order-emails.png`, fullPage: true });
});
