import { lastCompleteSlaTerm } from '@backstage-itsm/plugin-itsm-common';

/**
 * The term a report shows first: the last complete month before `now`, as
 * `YYYY-MM` (UTC). Validating and parsing terms is itsm-common's
 * `parseSlaTerm`.
 */
export function previousMonth(now: Date = new Date()): string {
  return lastCompleteSlaTerm('monthly', now.getTime()).label;
}
