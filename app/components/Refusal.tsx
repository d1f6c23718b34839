import { useRevalidator } from "@remix-run/react";
import { Banner } from "@shopify/polaris";

import type { ScreenRefusal } from "~/http/refusals";

/**
 * A refused action as the merchant reads it: what is wrong (the domain's sentence) and one way to
 * fix it: a link to the place, the field to fill (put in focus), or a fresh copy of the page.
 * Never the rule's name or a list of actions: the screen's buttons are the actions allowed now.
 */
export function RefusalBanner({
  refusal,
  details = [],
  beforeFocus = (focus) => focus(),
}: {
  refusal: Pick<ScreenRefusal, "title" | "message" | "fix">;
  details?: string[];
  /** Runs a focus fix: in a modal, once the modal is closed. */
  beforeFocus?: (focus: () => void) => void;
}) {
  const revalidator = useRevalidator();
  const { fix } = refusal;
  const action = !fix
    ? undefined
    : "url" in fix
      ? { content: fix.label, url: fix.url }
      : "focus" in fix
        ? { content: fix.label, onAction: () => beforeFocus(() => focusField(fix.focus)) }
        : { content: fix.label, onAction: () => revalidator.revalidate() };
  return (
    <div data-refusal>
      <Banner tone="critical" title={refusal.title} action={action}>
        <p>{refusal.message}</p>
        {details.map((detail) => (
          <p key={detail}>{detail}</p>
        ))}
      </Banner>
    </div>
  );
}

/** Brings a field (or a card) into view and puts it in focus. */
export function focusField(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  element.scrollIntoView({ block: "center" });
  element.focus({ preventScroll: true });
}
