import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { createContext, useCallback, useContext, useEffect, useId, useState } from "react";

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
  const inside = useContext(UnsavedInside);
  useEffect(() => {
    if (!inside || !dirty) return;
    inside.add(id);
    return () => void inside.delete(id);
  }, [inside, dirty, id]);
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

/**
 * The forms with unsaved edits inside a part of a page that can be closed or replaced in place (the
 * order page's panels, an export template): its owner asks before dropping them (`droppingEdits`) only then.
 */
export const UnsavedInside = createContext<Set<string> | null>(null);

/** Whether a form's values (a JSON-able snapshot of them) differ from what they were when it was mounted. */
export function useChangedSinceMount(values: unknown): boolean {
  const current = JSON.stringify(values);
  const [initial] = useState(current);
  return current !== initial;
}

/**
 * Replaces or closes a form shown in place (a panel, another item or template): at once when it has
 * no unsaved edits, else only once the merchant chooses to drop them (App Bridge's leave confirmation).
 */
export function droppingEdits(unsaved: boolean, then: () => void): void {
  if (unsaved) void appBridge().saveBar.leaveConfirmation().then(then);
  else then();
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
