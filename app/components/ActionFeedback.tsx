import { useLocation } from "@remix-run/react";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { Box } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { appBridge } from "./app-bridge/global";
import { useOnEachNew } from "./use-on-each-new";

/**
 * The one place screens ask before an action and report after it (docs/decisions/011, 012):
 *
 * - `useConfirm()` opens App Bridge's modal (`ui-modal`) that says what will happen; the action
 *   runs only on its confirm button, and dismissing it (Cancel, Escape, the close button) changes
 *   nothing.
 * - `useToast()` reports an outcome with App Bridge's `shopify.toast`.
 *
 * Inside Shopify admin these are Shopify's own; in the demo, the App Bridge stand-in's
 * (app/components/app-bridge/standin.js), so both run the same code.
 */

export interface Confirmation {
  title: string;
  /** What will happen, for the merchant to read before confirming (may load a preview). */
  body: ReactNode;
  confirmLabel: string;
  /** An action that removes or undoes something: its confirm button is red. */
  destructive?: boolean;
  onConfirm: () => void;
}

export interface ToastOptions {
  error?: boolean;
}

interface Feedback {
  confirm: (confirmation: Confirmation) => void;
  toast: (message: string, options?: ToastOptions) => void;
  /** For a confirmation's body: keep the confirm button disabled (a preview loading, or refused). */
  block: (blocked: boolean) => void;
  /** For a confirmation's body: closes it without confirming, then runs `then` once the modal is gone (e.g. focus a field). */
  dismiss: (then?: () => void) => void;
}

const FeedbackContext = createContext<Feedback | null>(null);

/** App Bridge's default: long enough to read, short enough not to sit on the buttons below it. */
const TOAST_MS = 5000;
const CONFIRMATION_MODAL_ID = "inbound-confirmation";

export function ActionFeedbackProvider({ children }: { children: ReactNode }) {
  const [confirmation, setConfirmation] = useState<(Confirmation & { key: number }) | null>(null);
  const [blocked, setBlocked] = useState(false);
  const sequence = useRef(0);
  const afterClose = useRef<(() => void) | null>(null);

  const close = useCallback(() => setConfirmation(null), []);
  const dismiss = useCallback((then?: () => void) => {
    afterClose.current = then ?? null;
    setConfirmation(null);
  }, []);
  // The modal is gone (closed by us, or by Escape / its close button): work queued by `dismiss` runs now.
  const hidden = useCallback(() => {
    setConfirmation(null);
    const run = afterClose.current;
    afterClose.current = null;
    run?.();
  }, []);
  const confirm = useCallback((next: Confirmation) => {
    sequence.current += 1;
    setBlocked(false);
    setConfirmation({ ...next, key: sequence.current });
  }, []);
  const toast = useCallback((message: string, options: ToastOptions = {}) => {
    appBridge().toast.show(message, { duration: TOAST_MS, isError: options.error ?? false });
  }, []);
  // A confirmation belongs to its screen: leaving it (a fix's link) closes it.
  const { pathname } = useLocation();
  useEffect(() => setConfirmation(null), [pathname]);
  const value = useMemo(() => ({ confirm, toast, block: setBlocked, dismiss }), [confirm, toast, dismiss]);

  return (
    <FeedbackContext.Provider value={value}>
      {children}
      <Modal id={CONFIRMATION_MODAL_ID} open={confirmation !== null} onHide={hidden}>
        {/* Keyed per confirmation: a body that loads a preview starts over each time. */}
        {confirmation ? (
          <Box key={confirmation.key} padding="400">
            {confirmation.body}
          </Box>
        ) : null}
        <TitleBar title={confirmation?.title ?? ""}>
          <button
            variant="primary"
            tone={confirmation?.destructive ? "critical" : undefined}
            disabled={blocked}
            onClick={() => {
              if (!confirmation) return;
              close();
              confirmation.onConfirm();
            }}
          >
            {confirmation?.confirmLabel ?? "Confirm"}
          </button>
          <button onClick={close}>Cancel</button>
        </TitleBar>
      </Modal>
    </FeedbackContext.Provider>
  );
}

function useFeedback(): Feedback {
  const feedback = useContext(FeedbackContext);
  if (!feedback) throw new Error("ActionFeedbackProvider is missing: app.tsx renders it around every screen");
  return feedback;
}

/** Asks before an action (see Confirmation). */
export function useConfirm(): Feedback["confirm"] {
  return useFeedback().confirm;
}

/** Reports an outcome. */
export function useToast(): Feedback["toast"] {
  return useFeedback().toast;
}

/** In a confirmation's body: closes the modal without confirming, then runs `then` once it is gone. */
export function useDismissConfirm(): Feedback["dismiss"] {
  return useFeedback().dismiss;
}

/** In a confirmation's body: while `blocked`, the confirm button stays disabled. */
export function useBlockConfirm(blocked: boolean): void {
  const { block } = useFeedback();
  useEffect(() => block(blocked), [block, blocked]);
}

/**
 * Toasts the message `describe` gives for each new result (an action's or a fetcher's data);
 * null says nothing (a refusal, shown where it belongs).
 */
export function useResultToast<T>(result: T | undefined, describe: (result: T) => string | null): void {
  const toast = useToast();
  useOnEachNew(result, (answer) => {
    if (answer === undefined) return;
    const message = describe(answer);
    if (message) toast(message);
  });
}
