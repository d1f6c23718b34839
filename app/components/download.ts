import { useToast } from "./ActionFeedback";

/**
 * Downloads a file the app serves (CSV, PDF, an export). Fetched rather than linked: inside
 * Shopify admin, App Bridge adds the session token to fetch, not to a plain link or a new tab.
 */
export async function downloadFromApp(url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Download failed (HTTP ${response.status}): ${await response.text()}`);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** downloadFromApp for a button: a failed download is told in a toast, never lost. Resolves when done either way. */
export function useDownload(): (url: string, fallbackName: string) => Promise<void> {
  const toast = useToast();
  return (url, fallbackName) => downloadFromApp(url, fallbackName).catch((error: Error) => toast(error.message, { error: true }));
}
