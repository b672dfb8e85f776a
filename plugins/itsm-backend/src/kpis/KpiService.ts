import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { itsmRecordReadPermission } from '@backstage-itsm/plugin-itsm-common';
import { parseInstant } from '../engine/recordUtils';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { ItsmStore } from '../store/types';
import { ItsmKpis, kpisOf, NO_COUNTS } from './figures';

/** The period of the figures when the caller names none: the last 90 days. */
export const DEFAULT_KPI_DAYS = 90;

const DAY_MS = 86_400_000;

/** What the figures are asked for, as the router parsed it. */
export interface KpiParams {
  /** Only records about any of these entities (canonical refs). */
  entityRefs?: string[];
  /** ISO 8601; `to` defaults to now, `from` to 90 days before `to`. */
  from?: string;
  to?: string;
}

/**
 * The process figures (KPIs) of the ITSM home, the entity tab and reports:
 * every figure an aggregate query of the store over the records the caller
 * may read (the read permission's conditions applied in SQL, as lists do),
 * never a sample.
 */
export class KpiService {
  constructor(
    private readonly deps: {
      store: Pick<ItsmStore, 'kpiCounts'>;
      authorizer: Pick<RecordAuthorizer, 'listAccess'>;
      clock?: () => Date;
    },
  ) {}

  async figures(
    params: KpiParams,
    credentials: BackstageCredentials,
  ): Promise<ItsmKpis> {
    const { from, to } = this.period(params);
    const entityRefs = params.entityRefs ?? [];
    const access = await this.deps.authorizer.listAccess(
      itsmRecordReadPermission,
      credentials,
    );
    const counts =
      access.result === 'none'
        ? NO_COUNTS
        : await this.deps.store.kpiCounts({
            from,
            to,
            entityRefs,
            permissionFilter:
              access.result === 'filtered' ? access.filter : undefined,
          });
    return kpisOf(counts, { from, to, entityRefs });
  }

  /** The period `[from, to)`: the last 90 days unless the caller names it. */
  private period(params: KpiParams): { from: string; to: string } {
    const now = (this.deps.clock?.() ?? new Date()).getTime();
    const to = params.to === undefined ? now : parseInstant(params.to, 'to');
    const from =
      params.from === undefined
        ? to - DEFAULT_KPI_DAYS * DAY_MS
        : parseInstant(params.from, 'from');
    if (to <= from) {
      throw new InputError('to: must be after from');
    }
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    };
  }
}
