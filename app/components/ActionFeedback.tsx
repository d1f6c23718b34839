import { useLocation } from "@remix-run/react";
import { Banner, Modal, Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type MutableRefObject, type ReactNode } from "react";

/**
 * The one place screens ask before an action and report after it (docs/decisions/009):
 *
 * - `useConfirm()` opens a modal that says what will happen; the action runs only on its
 *   confirm button, and dismissing it (Cancel, Escape, the close button) changes nothing.
 * - `useToast()` reports an outcome.
 *
 * Today both are Polaris React: the modal needs only Polaris's AppProvider, the toast needs the
 * Frame the standalone shell draws; inside Shopify admin (no Frame) App Bridge's
 * `shopify.toast` shows it. Issue #15 moves both to App Bridge (ui-modal, shopify.toast) with a
 * local stand-in: this file is the seam to swap.
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

type Host = "standalone" | "embedded";

interface Feedback {
  confirm: (confirmation: Confirmation) => void;
  toast: (message: string, options?: ToastOptions) => void;
  /** For a confirmation's body: keep the confirm button disabled (a preview loading, or refused). */
  block: (blocked: boolean) => void;
  /** For a confirmation's body: closes it without confirming, then runs `then` once the modal is gone (e.g. focus a field). */
  dismiss: (then?: () => void) => void;
}

const FeedbackContext = createContext<Feedback | null>(null);

/** Polaris's default: long enough to read, short enough not to sit on the buttons below it. */
const TOAST_MS = 5000;

interface AppBridgeToast {
  show(message: string, options?: { duration?: number; isError?: boolean }): void;
}

function appBridgeToast(): AppBridgeToast | undefined {
  return (globalThis as { shopify?: { toast?: AppBridgeToast } }).shopify?.toast;
}

export function ActionFeedbackProvider({ host, children }: { host: Host; children: ReactNode }) {
  const [confirmation, setConfirmation] = useState<(Confirmation & { key: number }) | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [toasts, setToasts] = useState<Array<{ id: number; message: string; error: boolean }>>([]);
  const sequence = useRef(0);

  const afterClose = useRef<(() => void) | null>(null);
  const close = useCallback(() => setConfirmation(null), []);
  const dismiss = useCallback((then?: () => void) => {
    afterClose.current = then ?? null;
    setConfirmation(null);
  }, []);
  const confirm = useCallback((next: Confirmation) => {
    sequence.current += 1;
    setBlocked(false);
    setConfirmation({ ...next, key: sequence.current });
  }, []);
  const toast = useCallback(
    (message: string, options: ToastOptions = {}) => {
      const appBridge = host === "embedded" ? appBridgeToast() : undefined;
      if (appBridge) {
        appBridge.show(message, { duration: TOAST_MS, isError: options.error ?? false });
        return;
      }
      sequence.current += 1;
      setToasts((current) => [...current, { id: sequence.current, message, error: options.error ?? false }]);
    },
    [host],
  );
  // A confirmation belongs to its screen: leaving it (a fix's link) closes it.
  const { pathname } = useLocation();
  useEffect(() => setConfirmation(null), [pathname]);
  const value = useMemo(() => ({ confirm, toast, block: setBlocked, dismiss }), [confirm, toast, dismiss]);
  const dismissToast = useCallback((id: number) => setToasts((current) => current.filter((entry) => entry.id !== id)), []);

  return (
    <FeedbackContext.Provider value={value}>
      {children}
      {/*
        Mounted only while a confirmation is open, and gone the moment it closes: Polaris's fade-out
        keeps the dialog (invisible, still trapping focus and clicks) until a transition timer
        fires, and on a busy page that timer was seen never to fire, leaving the page blocked.
      */}
      {confirmation ? (
        <Modal
          open
          onClose={close}
          title={confirmation.title}
          primaryAction={{
            content: confirmation.confirmLabel,
            destructive: confirmation.destructive ?? false,
            disabled: blocked,
            onAction: () => {
              close();
              confirmation.onConfirm();
            },
          }}
          secondaryActions={[{ content: "Cancel", onAction: close }]}
        >
          {/* Keyed per confirmation: a body that loads a preview starts over each time. */}
          <Modal.Section key={confirmation.key}>
            {confirmation.body}
            <AfterClose pending={afterClose} />
          </Modal.Section>
        </Modal>
      ) : null}
      {host === "standalone"
        ? toasts.map((entry) => <PolarisToast key={entry.id} {...entry} onDismiss={dismissToast} />)
        : // Inside Shopify admin without App Bridge's toast (it always has it): a banner, never a lost message.
          toasts.map((entry) => (
            <div key={entry.id} style={{ position: "fixed", insetInline: 16, bottom: 16, zIndex: 1000 }}>
              <Banner tone={entry.error ? "critical" : "success"} onDismiss={() => dismissToast(entry.id)}>
                <p>{entry.message}</p>
              </Banner>
            </div>
          ))}
    </FeedbackContext.Provider>
  );
}

/**
 * One toast in the Frame. Its dismiss callback keeps its identity across renders: Polaris restarts
 * a toast's timer whenever the callback changes, so a busy page would keep it up for good.
 */
function PolarisToast({ id, message, error, onDismiss }: { id: number; message: string; error: boolean; onDismiss: (id: number) => void }) {
  const dismiss = useCallback(() => onDismiss(id), [id, onDismiss]);
  return <Toast content={message} error={error} duration={TOAST_MS} onDismiss={dismiss} />;
}

/**
 * Lives inside the modal: it unmounts with the modal and its focus trap, so work queued by
 * `dismiss` (focusing a field) runs once the trap no longer holds the focus.
 */
function AfterClose({ pending }: { pending: MutableRefObject<(() => void) | null> }) {
  useEffect(
    () => () => {
      const run = pending.current;
      pending.current = null;
      run?.();
    },
    [pending],
  );
  return null;
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
  useEffect(() => {
    if (result === undefined) return;
    const message = describe(result);
    if (message) toast(message);
    // Once per result: describe is a new function on every render.
  }, [result, toast]);
}
