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

/** The most a fix waits for its field to be drawn (a panel opening); a page that moved on is not waited on. */
const FIELD_WAIT_MS = 10_000;

/**
 * Brings a field (or a card) into view and puts it in focus. A fix may first open the panel that
 * holds the field: then it is focused as soon as React has drawn it, however long that takes on a
 * busy machine (waiting a frame or two was not always enough).
 */
export function focusField(id: string): void {
  const focus = (element: HTMLElement) => {
    element.scrollIntoView({ block: "center" });
    element.focus({ preventScroll: true });
  };
  const drawn = document.getElementById(id);
  if (drawn) return focus(drawn);
  const observer = new MutationObserver(() => {
    const element = document.getElementById(id);
    if (!element) return;
    stop();
    focus(element);
  });
  const giveUp = setTimeout(() => observer.disconnect(), FIELD_WAIT_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(giveUp);
  };
  observer.observe(document.body, { childList: true, subtree: true });
}
