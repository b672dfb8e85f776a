/** A term of an SLA report: a month (`2026-10`) or a quarter (`2026-Q4`). */
const TERM_PATTERN = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

/** Whether a text is a valid term (`YYYY-MM` or `YYYY-Qn`). */
export function isValidTerm(term: string): boolean {
  return TERM_PATTERN.test(term.trim());
}

/** The month before the one of `now`, as `YYYY-MM` (UTC). */
export function previousMonth(now: Date = new Date()): string {
  const date = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1),
  );
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(
    2,
    '0',
  )}`;
}

/** Saves a blob as a file through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  document.body.removeChild(anchor);
  // Give the browser a moment to start the download before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
