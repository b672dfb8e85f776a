import { DateTime } from 'luxon';
import { SLA_TERMS } from '../schemas';

/**
 * Evaluation terms of SLAs: a month (`2026-10`) or a quarter (`2026-Q4`).
 * Terms are periods in UTC, `[from, to)`. Input is read case-insensitively
 * (`2026-q4`); labels are always canonical (`2026-Q4`).
 */

/** How long an SLA's evaluation term is. @public */
export type SlaTermKind = (typeof SLA_TERMS)[number];

/** One evaluation term. @public */
export interface SlaTermPeriod {
  kind: SlaTermKind;
  year: number;
  /** The month (1-12) of a monthly term, the quarter (1-4) of a quarterly one. */
  index: number;
  /** Canonical label: `2026-10` or `2026-Q4`. */
  label: string;
  /** Start, epoch milliseconds (inclusive). */
  from: number;
  /** End, epoch milliseconds (exclusive): the start of the next term. */
  to: number;
}

/**
 * Thrown for text that is no term; the message names the text and says what
 * is wrong with it.
 *
 * @public
 */
export class SlaTermError extends Error {
  constructor(readonly term: string, message: string) {
    super(message);
    this.name = 'SlaTermError';
  }
}

const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q(\d)$/i;
const HINT = 'use a month (2026-10) or a quarter (2026-Q4)';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The canonical label of a term: `2026-10` for a month, `2026-Q4` for a
 * quarter.
 *
 * @public
 */
export function formatSlaTerm(
  term: Pick<SlaTermPeriod, 'kind' | 'year' | 'index'>,
): string {
  return term.kind === 'quarterly'
    ? `${pad(term.year, 4)}-Q${term.index}`
    : `${pad(term.year, 4)}-${pad(term.index, 2)}`;
}

function termOf(kind: SlaTermKind, year: number, index: number): SlaTermPeriod {
  const months = kind === 'quarterly' ? 3 : 1;
  const start = DateTime.utc(year, (index - 1) * months + 1, 1);
  return {
    kind,
    year,
    index,
    label: formatSlaTerm({ kind, year, index }),
    from: start.toMillis(),
    to: start.plus({ months }).toMillis(),
  };
}

/**
 * Reads a term: `YYYY-MM` (a month) or `YYYY-Qn` (a quarter), in any case,
 * surrounding blanks ignored.
 *
 * @throws SlaTermError naming the text, e.g. `"2026-13" is not an SLA term:
 *   there is no month 13; use a month (2026-10) or a quarter (2026-Q4)`.
 * @public
 */
export function parseSlaTerm(text: string | undefined | null): SlaTermPeriod {
  const raw = text ?? '';
  const value = raw.trim();
  const fail = (why: string): never => {
    throw new SlaTermError(
      raw,
      `"${raw}" is not an SLA term: ${why ? `${why}; ` : ''}${HINT}`,
    );
  };
  const month = MONTH.exec(value);
  const quarter = QUARTER.exec(value);
  const match = month ?? quarter;
  if (!match) return fail('');
  const year = Number(match[1]);
  const index = Number(match[2]);
  if (year < 1) return fail('there is no year 0');
  if (month && (index < 1 || index > 12)) {
    return fail(`there is no month ${match[2]}`);
  }
  if (quarter && (index < 1 || index > 4)) {
    return fail(`there is no quarter Q${match[2]}`);
  }
  return termOf(month ? 'monthly' : 'quarterly', year, index);
}

/**
 * Tells whether a text is a term {@link parseSlaTerm} accepts.
 *
 * @public
 */
export function isValidSlaTerm(text: string | undefined | null): boolean {
  try {
    parseSlaTerm(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The term of the given kind that contains an instant (UTC).
 *
 * @public
 */
export function slaTermContaining(
  kind: SlaTermKind,
  instant: number,
): SlaTermPeriod {
  const at = DateTime.fromMillis(instant, { zone: 'utc' });
  return kind === 'quarterly'
    ? termOf(kind, at.year, at.quarter)
    : termOf(kind, at.year, at.month);
}

/**
 * The term right before a term, of the same kind.
 *
 * @public
 */
export function previousSlaTerm(term: SlaTermPeriod): SlaTermPeriod {
  return slaTermContaining(term.kind, term.from - 1);
}

/**
 * The last complete term before `now`: the term before the one containing
 * `now` (what availability tracking evaluates, and what a report shows by
 * default).
 *
 * @public
 */
export function lastCompleteSlaTerm(
  kind: SlaTermKind,
  now: number,
): SlaTermPeriod {
  return previousSlaTerm(slaTermContaining(kind, now));
}
