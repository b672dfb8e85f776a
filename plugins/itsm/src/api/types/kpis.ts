import type { ItsmOpenApi } from '@backstage-itsm/plugin-itsm-common';

/**
 * The query of `GET /kpis`: the entities the figures are restricted to (all
 * the caller may read when absent) and the period `[from, to)` of the
 * period figures (ISO 8601; the last 90 days by default).
 *
 * @public
 */
export interface KpiQuery {
  entityRef?: string | string[];
  from?: string;
  to?: string;
}

/**
 * What `GET /kpis` answers: the process figures, each an aggregate over
 * every record the caller may read (see docs/kpis.md for the definitions).
 * Counts are 0 when nothing matches; a rate or mean with nothing to measure
 * is null.
 *
 * @public
 */
export type ItsmKpis = ItsmOpenApi.Kpis;
