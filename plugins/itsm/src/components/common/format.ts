/**
 * Formatting helpers shared by the ITSM pages. They never show internal ids:
 * anything that looks like a uuid is replaced by a neutral placeholder.
 */

const UUID_PATTERN =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Replaces raw uuids in a text by "(internal id)". */
export function maskIds(text: string): string {
  return text.replace(UUID_PATTERN, '(internal id)');
}

/** `in_progress` -> `In progress`, `P1` stays `P1`. */
export function humanize(value: string): string {
  if (!value) return value;
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toLocaleUpperCase('en-US') + spaced.slice(1);
}

/** A date-time in the reader's locale, or an em dash when missing or invalid. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return maskIds(String(value));
  return new Date(time).toLocaleString();
}

/** A duration in milliseconds as `2 d 3 h`, `3 h 12 min`, `45 min` or `< 1 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) return '< 1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** A percentage with at most one decimal, or an em dash for no data. */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  const value = Math.round(ratio * 1000) / 10;
  return `${value}%`;
}

/**
 * Any value of a history entry or a record field as short text: null and
 * undefined as an em dash, booleans as yes/no, arrays joined, objects as
 * `key: value` pairs.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return maskIds(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map(formatValue).join(', ');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '—';
    return entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join('; ');
  }
  return maskIds(String(value));
}

/**
 * A record type label in running text: "incident", "changes", but "SLA" and
 * "SLAs" keep their capitals.
 */
export function singularInText(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.toLocaleLowerCase('en-US');
}

/** An enumerated value in words (`user_restoration` -> `User restoration`), or an em dash. */
export function formatEnum(value: string | null | undefined): string {
  return value ? humanize(value) : '—';
}

/** A flag as Yes or No, or an em dash when unknown. */
export function formatYesNo(value: boolean | null | undefined): string {
  if (value === undefined || value === null) return '—';
  return value ? 'Yes' : 'No';
}
