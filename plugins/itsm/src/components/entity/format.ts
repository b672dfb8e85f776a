import type {
  AvailabilityTargetStatus,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import type { Period } from '../../hooks/availability';

const DAY_MS = 24 * 60 * 60 * 1000;

export type { Period } from '../../hooks/availability';

/**
 * The last `days` days up to `now`, with `now` cut to the whole minute so
 * that the period (and so a request) stays stable while a page is open.
 */
export function lastDays(days: number, now: number = Date.now()): Period {
  const to = Math.floor(now / 60_000) * 60_000;
  return {
    from: new Date(to - days * DAY_MS).toISOString(),
    to: new Date(to).toISOString(),
  };
}

/**
 * An availability percentage, cut (never rounded up) to at most three
 * decimals: 99.9499 shows as 99.949%, so a figure never appears to meet a
 * target it misses.
 */
export function formatPercent(value: number): string {
  const cut = Math.floor(value * 1000 + 1e-6) / 1000;
  return `${cut.toLocaleString('en-US', { maximumFractionDigits: 3 })}%`;
}

/** Minutes as `45 min`, `2 h 5 min` or `3 d 4 h`; `–` when there is none. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) {
    return '–';
  }
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  if (total < 24 * 60) {
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(total / (24 * 60));
  const h = Math.floor((total % (24 * 60)) / 60);
  return h ? `${d} d ${h} h` : `${d} d`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const dayOnly = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
});

/** `24 Nov 2026, 10:00` (local time); the input when it is no date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime.format(ms);
}

/** `24 Nov` (local time), for chart axes. */
export function formatDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dayOnly.format(ms);
}

/** The implementation window of a change, or `Not planned`. */
export function formatWindow(
  start: string | null | undefined,
  end: string | null | undefined,
): string {
  if (!start && !end) return 'Not planned';
  if (start && end) return `${formatDateTime(start)} – ${formatDateTime(end)}`;
  if (start) return `From ${formatDateTime(start)}`;
  return `Until ${formatDateTime(end)}`;
}

/** The name part of an entity ref: `group:default/payments-team` gives `payments-team`. */
export function refName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':');
  return ref.slice(Math.max(slash, colon) + 1) || ref;
}

/** The availability target an entity is held to, and the SLA that sets it. */
export interface AvailabilityTarget {
  percent: number;
  sla: Sla;
}

/**
 * The strictest availability target among the active SLAs covering an
 * entity: the entity has to meet every one of them, so the highest counts.
 */
export function strictestTarget(
  slas: readonly Sla[],
): AvailabilityTarget | undefined {
  let best: AvailabilityTarget | undefined;
  for (const sla of slas) {
    const percent = sla.targets?.availabilityPercent;
    if (typeof percent !== 'number') continue;
    if (!best || percent > best.percent) best = { percent, sla };
  }
  return best;
}

/**
 * People's words for how a measured availability compares with its target
 * (`availabilityTargetStatus` of itsm-common, in danger from the configured
 * danger threshold on).
 */
export const TARGET_STATUS_LABEL: Record<AvailabilityTargetStatus, string> = {
  met: 'Target met',
  in_danger: 'Target in danger',
  violated: 'Target violated',
};
