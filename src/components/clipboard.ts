/** Copying text to the clipboard, reporting failure instead of throwing so the UI can show a fallback. */

/** Writes text to the clipboard; false when there is no clipboard API or the browser refuses. */
export async function copyText(text: string, clipboard: Pick<Clipboard, 'writeText'> | undefined): Promise<boolean> {
  if (!clipboard || typeof clipboard.writeText !== 'function') return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
