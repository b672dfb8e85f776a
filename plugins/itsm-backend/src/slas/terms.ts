import { InputError } from '@backstage/errors';
import {
  parseSlaTerm,
  SlaTargets,
  SlaTermError,
  SlaTermPeriod,
} from '@backstage-itsm/plugin-itsm-common';
import { StoredRecord } from '../store/types';

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

/** The targets in force at the end of a term (changing an active SLA's targets makes a new version). */
export function targetsInForce(sla: StoredRecord, termEnd: number): SlaTargets {
  const history =
    (sla.data.targetHistory as Array<{
      targets: SlaTargets;
      validFrom: string;
      validTo: string;
    }>) ?? [];
  const at = termEnd - 1;
  const old = history.find(
    h => Date.parse(h.validFrom) <= at && at < Date.parse(h.validTo),
  );
  return old?.targets ?? (sla.data.targets as SlaTargets);
}
