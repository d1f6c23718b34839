import { useEffect, useRef } from "react";

/**
 * Calls `handle` once for each new `value` (compared by identity: a fetcher's or an action's
 * answer), after render. The call uses this render's `handle`; a caller's callback is a new
 * function on every render, and that alone is no reason to handle the same answer again.
 */
export function useOnEachNew<T>(value: T, handle: (value: T) => void): void {
  const latest = useRef(handle);
  // Declared first, so it runs before the effect below in the same commit.
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    latest.current(value);
  }, [value]);
}
