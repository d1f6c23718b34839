import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Text } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from "react";

import { useConfirm } from "../ActionFeedback";

import { appBridge } from "./global";

/**
 * App Bridge's contextual save bar for a form with unsaved changes (docs/decisions/012): shown
 * while `dirty`, with Save and Discard; while it shows, leaving asks first. Shopify admin blocks
 * its own navigation while a save bar shows (the demo's stand-in does the same for reloads);
 * navigations inside the app are Remix's, so they are held here and go ahead only when the
 * merchant chooses to leave (`shopify.saveBar.leaveConfirmation()`).
 * Several forms on a page may each have one, and several may be dirty at once: admin shows the bar
 * shown last (the stand-in shows the one before when it hides), and leaving is held once for all of
 * them by `UnsavedChangesGuard` (Remix holds navigation with one blocker at a time).
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
  const page = useContext(UnsavedOnPage);
  if (!page) throw new Error("UnsavedChanges is used inside UnsavedChangesGuard (the app's layout)");
  useEffect(() => {
    if (!dirty) return;
    inside?.add(id);
    page.add(id);
    return () => {
      inside?.delete(id);
      page.delete(id);
    };
  }, [inside, page, dirty, id]);
  return (
    <>
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

const UnsavedOnPage = createContext<{ add: (id: string) => void; delete: (id: string) => void } | null>(null);

/** Holds leaving the app's pages while any form on them has unsaved edits (one blocker for all of them). */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const [dirty, setDirty] = useState<ReadonlySet<string>>(() => new Set());
  const forms = useMemo(
    () => ({
      add: (id: string) => setDirty((current) => new Set(current).add(id)),
      delete: (id: string) =>
        setDirty((current) => {
          const next = new Set(current);
          next.delete(id);
          return next;
        }),
    }),
    [],
  );
  return (
    <UnsavedOnPage.Provider value={forms}>
      {children}
      {dirty.size > 0 ? <LeaveConfirmation /> : null}
    </UnsavedOnPage.Provider>
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
 * no unsaved edits, else only once the merchant chooses to drop them. Not App Bridge's leave
 * confirmation: its words ("Leave page…") are wrong when the page stays.
 */
export function useDroppingEdits(): (unsaved: boolean, then: () => void) => void {
  const confirm = useConfirm();
  return useCallback(
    (unsaved, then) => {
      if (!unsaved) return then();
      confirm({
        title: "Discard unsaved changes?",
        body: <Text as="p">The changes you made here are not saved. Discarding them puts back what was saved.</Text>,
        confirmLabel: "Discard changes",
        destructive: true,
        onConfirm: then,
      });
    },
    [confirm],
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
