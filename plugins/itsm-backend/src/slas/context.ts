import { LoggerService } from '@backstage/backend-plugin-api';
import { itsmRecordReadPermission } from '@backstage-itsm/plugin-itsm-common';
import { ImpactService } from '../cmdb/ImpactService';
import { Notifier } from '../engine/Notifier';
import { Caller } from '../engine/types';
import { ListAccess, RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { ItsmStore } from '../store/types';
import { CalendarRegistry } from './CalendarRegistry';

/** What the SLA services are built from. */
export interface SlaDeps {
  store: ItsmStore;
  calendars: CalendarRegistry;
  impact: ImpactService;
  notifier: Notifier;
  authorizer: RecordAuthorizer;
  logger: LoggerService;
  /** Warning thresholds of the clocks as fractions of the target. */
  thresholds?: readonly number[];
  /** The share of a budget used at which a target is in danger (itsm.sla.dangerThreshold). */
  dangerThreshold?: number;
  clock?: () => Date;
}

/** Now, in epoch ms, on the clock the services were given. */
export function nowOf(deps: Pick<SlaDeps, 'clock'>): number {
  return (deps.clock?.() ?? new Date()).getTime();
}

/** Which incidents and changes the caller may see (asked once per answer). */
export function readAccess(
  deps: Pick<SlaDeps, 'authorizer'>,
  caller: Caller,
): Promise<ListAccess> {
  return deps.authorizer.listAccess(
    itsmRecordReadPermission,
    caller.credentials,
  );
}
