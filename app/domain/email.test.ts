import { describe, expect, it } from "vitest";

import { DEFAULT_EMAIL_TEMPLATE, emailTemplateErrors, renderEmail, SAMPLE_EMAIL_CONTEXT, validateEmailTemplate, type EmailContext } from "./email";
import { ValidationError } from "./errors";

const WITHOUT_DATE: EmailContext = { ...SAMPLE_EMAIL_CONTEXT, expected_date: null };

describe("the default template", () => {
  it("names the expected date when the order has one", () => {
    const { subject, body } = renderEmail(DEFAULT_EMAIL_TEMPLATE, SAMPLE_EMAIL_CONTEXT);
    expect(subject).toBe("Purchase order PO-1001 from Demo Shop");
    expect(body).toContain("Please find attached our purchase order PO-1001. We expect the goods by 2026-07-01.");
  });

  it("leaves the sentence out when the order has no expected date (it read 'expected by to be confirmed')", () => {
    const { body } = renderEmail(DEFAULT_EMAIL_TEMPLATE, WITHOUT_DATE);
    expect(body).toBe(
      [
        "Hello Acme Supplies,",
        "",
        "Please find attached our purchase order PO-1001.",
        "Reply to this email to confirm quantities and dates.",
        "",
        "Thank you,",
        "Demo Shop",
      ].join("\n"),
    );
    expect(body).not.toMatch(/expect|to be confirmed|\{\{/);
  });

  it("carries no link: a supplier cannot open the merchant's admin", () => {
    expect(DEFAULT_EMAIL_TEMPLATE.body).not.toContain("{{link}}");
    expect(renderEmail(DEFAULT_EMAIL_TEMPLATE, SAMPLE_EMAIL_CONTEXT).body).not.toMatch(/https?:|\/app\//);
  });
});

describe("a placeholder without a value", () => {
  const render = (body: string) => renderEmail({ subject: "PO {{po_number}}", body }, WITHOUT_DATE).body;

  it("takes only its own sentence, keeping the sentences around it", () => {
    expect(render("Order {{po_number}} is attached. Expected {{expected_date}}! Thanks.")).toBe("Order PO-1001 is attached. Thanks.");
    expect(render("First line.\nExpected on {{expected_date}}\nLast line.")).toBe("First line.\nLast line.");
    expect(render("Attached: {{po_number}}. Delivery: {{expected_date}}")).toBe("Attached: PO-1001.");
  });

  it("takes a line left empty with one of the blank lines around it", () => {
    expect(render("Hello,\n\nDue {{expected_date}}.\n\nBye")).toBe("Hello,\n\nBye");
  });

  it("leaves every other line as written", () => {
    expect(render("Version 1.5 of the list.\n\n  Indented {{po_number}}")).toBe("Version 1.5 of the list.\n\n  Indented PO-1001");
  });

  it("in the subject, falls back to the default subject when nothing is left", () => {
    expect(renderEmail({ subject: "Due {{expected_date}}", body: "Hi" }, WITHOUT_DATE).subject).toBe("Purchase order PO-1001 from Demo Shop");
    expect(renderEmail({ subject: "PO {{po_number}}. Due {{expected_date}}", body: "Hi" }, WITHOUT_DATE).subject).toBe("PO PO-1001.");
  });
});

describe("{{link}}", () => {
  it("is refused in a saved template, saying why", () => {
    const refusal = (() => {
      try {
        validateEmailTemplate({ name: "Mine", subject: "PO {{po_number}}", body: "See {{ link }} for details." });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).fieldErrors.body).toMatch(
      /\{\{link\}\} would send the supplier a link to your Shopify admin, which a supplier cannot open/,
    );
    expect(emailTemplateErrors({ subject: "{{link}}", body: "Hi" }).subject).toMatch(/cannot open/);
  });

  it("in a template saved before, sends without the link's sentence", () => {
    const { body } = renderEmail({ subject: "PO {{po_number}}", body: "Your order {{po_number}}.\n\n{{link}}\n\nThanks" }, SAMPLE_EMAIL_CONTEXT);
    expect(body).toBe("Your order PO-1001.\n\nThanks");
  });

  it("unknown placeholders are still refused, named", () => {
    expect(emailTemplateErrors({ subject: "PO {{po_numbr}}", body: "Hi" }).subject).toContain("{{po_numbr}}");
    expect(() => renderEmail({ subject: "PO {{po_numbr}}", body: "Hi" }, SAMPLE_EMAIL_CONTEXT)).toThrow(ValidationError);
  });
});
