import { expect } from "@playwright/test";
import { test } from "./support";

/**
 * The demo over real HTTP, as an attacker reaches it (issue #14): a malformed URL is a plain 400,
 * a broken multipart body a 4xx with a message, another site's form post changes nothing, and no
 * answer ever carries a stack trace.
 */

/** A stack frame, as text or JSON-escaped: "    at fn (/path/file.js:1:2)". */
const STACK_LINE = /(\n|\\n)\s+at \S+|\((file:\/\/)?\/[^)\s]+:\d+:\d+\)/;

test("a malformed URL is a 400 without a stack trace (was a 500 page with Vite's stack)", async ({ baseURL }) => {
  for (const path of ["/app/purchase-orders/%E0%A4%A", "/app/%", "/app/suppliers/%C0%AF.data"]) {
    const response = await fetch(`${baseURL}${path}`);
    const text = await response.text();
    expect(response.status, path).toBe(400);
    expect(text, path).not.toMatch(STACK_LINE);
  }
});

test("another site's form post creates no API key, through any door (page, data request)", async ({ page, baseURL }) => {
  const attack = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" };
  const body = "intent=create&name=evil&scope=write";
  for (const path of ["/app/settings/api", "/app/settings/api.data", "/app/settings/api?_data=routes%2Fapp.settings_.api"]) {
    const response = await fetch(`${baseURL}${path}`, { method: "POST", headers: attack, body });
    const text = await response.text();
    expect(response.status, path).toBe(403);
    expect(text, path).not.toMatch(STACK_LINE);
  }
  await page.goto("/app/settings/api");
  await expect(page.getByRole("heading", { name: "API access" }).first()).toBeVisible();
  await expect(page.getByText("evil", { exact: true })).toHaveCount(0);
});

test("a broken multipart body on the catalogue import is a 400 with a message, and nothing answers with a stack", async ({ page, baseURL }) => {
  await page.goto("/app/suppliers");
  await page.getByText("Northwind Textiles", { exact: true }).first().click();
  await expect(page).toHaveURL(/\/app\/suppliers\/[^/]+$/);
  const supplierPath = new URL(page.url()).pathname;
  const own = { Origin: baseURL!, "Sec-Fetch-Site": "same-origin", "Content-Type": "multipart/form-data; boundary=xyz" };
  const unclosed =
    '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport_catalogue\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nsku';
  for (const path of [supplierPath, `${supplierPath}.data`]) {
    const response = await fetch(`${baseURL}${path}`, { method: "POST", headers: own, body: unclosed });
    const text = await response.text();
    expect(response.status, path).toBe(400);
    expect(text, path).toMatch(/not a readable form/);
    expect(text, path).not.toMatch(STACK_LINE);
  }
  // Remix's own refusal (a POST to a page without an action) carries no stack either.
  const refused = await fetch(`${baseURL}/app/suppliers`, { method: "POST", headers: { Origin: baseURL!, "Sec-Fetch-Site": "same-origin" } });
  expect(refused.status).toBe(405);
  expect(await refused.text()).not.toMatch(STACK_LINE);
});
