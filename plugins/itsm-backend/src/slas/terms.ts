import { InputError } from '@backstage/errors';
import {
  parseSlaTerm,
  SlaTermError,
  SlaTermPeriod,
} from '@backstage-itsm/plugin-itsm-common';

/** Figures are answered to three decimals. */
export const round = (n: number | null) =>
  n === null ? null : Math.round(n * 1000) / 1000;

/**
 * The term a request names (`2026-10`, `2026-Q4`, any case); InputError
 * naming the `term` parameter otherwise.
 */
export function termParameter(term: string | undefined): SlaTermPeriod {
  try {
    return parseSlaTerm(term);
  } catch (error) {
    if (error instanceof SlaTermError) {
      throw new InputError(`term: ${error.message}`);
    }
    throw error;
  }
}
