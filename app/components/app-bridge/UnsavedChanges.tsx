import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { useCallback, useEffect, useId } from "react";

import { appBridge } from "./global";

/**
 * App Bridge's contextual save bar for a form with unsaved changes (docs/decisions/012): shown
 * while `dirty`, with Save and Discard; while it shows, leaving asks first. Shopify admin blocks
 * its own navigation while a save bar shows (the demo's stand-in does the same for reloads);
 * navigations inside the app are Remix's, so they are held here and go ahead only when the
 * merchant chooses to leave (`shopify.saveBar.leaveConfirmation()`).
 * Several forms on a page may each have one, as long as one at a time is dirty: Remix holds
 * navigation with one blocker at a time (only a dirty form holds one), and admin shows one save bar.
 */
export function UnsavedChanges({
  dirty,
  saving = false,
  onSave,
  onDiscard,
}: {
  dirty: boolean;
  saving?: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  const id = `unsaved-${useId().replace(/:/g, "")}`;
  return (
    <>
      {dirty ? <LeaveConfirmation /> : null}
      <SaveBar id={id} open={dirty}>
        <button variant="primary" onClick={onSave} disabled={saving}>
          Save
        </button>
        <button onClick={onDiscard} disabled={saving}>
          Discard
        </button>
      </SaveBar>
    </>
  );
}

/** While mounted, leaving the page (another screen of the app, a reload, closing the tab) asks first. */
function LeaveConfirmation() {
  // Saving posts to the same page: only a move to another page is held.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    let current = true;
    // Resolves when the merchant chooses to leave; staying leaves it pending and the page as it is.
    void appBridge()
      .saveBar.leaveConfirmation()
      .then(() => {
        if (current) blocker.proceed();
      });
    return () => {
      current = false;
    };
  }, [blocker]);
  useBeforeUnload(
    useCallback((event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    }, []),
  );
  return null;
}
