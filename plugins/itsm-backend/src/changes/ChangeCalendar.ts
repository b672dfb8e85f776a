import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  APPROVED_CHANGE_STATES,
  ChangeAssessment,
  changeWindowOf,
  FreezeWindow,
  isAbandonedState,
  isTerminalState,
  itsmRecordReadPermission,
  windowsOverlap,
} from '@backstage-itsm/plugin-itsm-common';
import { parseInstant } from '../engine/recordUtils';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { ItsmStore } from '../store/types';
import { FreezeWindowService } from './FreezeWindowService';

const MAX_RANGE_DAYS = 400;

export interface CalendarChange {
  key: string;
  title: string;
  state: string;
  changeType: string;
  plannedStart: string;
  plannedEnd: string;
  entityRefs: string[];
  /** Keys of the changes in this answer it overlaps on shared or dependent entities. */
  conflicts: string[];
  /** Titles of the freeze windows its window falls into. */
  freezeWindows: string[];
  risk?: string;
}

export interface ChangeCalendarAnswer {
  from: string;
  to: string;
  changes: CalendarChange[];
  freezeWindows: FreezeWindow[];
  maintenanceWindows: Array<{
    changeKey: string;
    start: string;
    end: string;
    entityRefs: string[];
  }>;
}

/** The change calendar: changes, freeze and maintenance windows in a range. */
export class ChangeCalendar {
  constructor(
    private readonly deps: {
      store: ItsmStore;
      freezes: FreezeWindowService;
      authorizer: RecordAuthorizer;
    },
  ) {}

  async get(
    params: { from?: string; to?: string; entityRefs?: string[] },
    credentials: BackstageCredentials,
  ): Promise<ChangeCalendarAnswer> {
    const from = new Date(parseInstant(params.from, 'from')).toISOString();
    const to = new Date(parseInstant(params.to, 'to')).toISOString();
    if (Date.parse(to) <= Date.parse(from))
      throw new InputError('to: must be after from');
    if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) {
      throw new InputError(
        `to: the range may span at most ${MAX_RANGE_DAYS} days`,
      );
    }
    const access = await this.deps.authorizer.listAccess(
      itsmRecordReadPermission,
      credentials,
    );
    const range = { start: Date.parse(from), end: Date.parse(to) };
    const { items } =
      access.result === 'none'
        ? { items: [] }
        : await this.deps.store.listRecords({
            type: 'changes',
            entityRefs: params.entityRefs,
            limit: 500,
            permissionFilter:
              access.result === 'filtered' ? access.filter : undefined,
          });
    const inRange = items.filter(c => {
      const window = changeWindowOf(c.data);
      return (
        !!window &&
        !isAbandonedState('changes', c.state) &&
        windowsOverlap(range, window)
      );
    });
    const freezeWindows = await this.deps.freezes.list(from, to);
    const changes: CalendarChange[] = inRange.map(c => {
      const a = c.data.assessment as ChangeAssessment | undefined;
      const inAnswer = new Set(inRange.map(o => o.key));
      return {
        key: c.key,
        title: c.title,
        state: c.state,
        changeType: String(c.data.changeType),
        plannedStart: String(c.data.plannedStart),
        plannedEnd: String(c.data.plannedEnd),
        entityRefs: c.entityRefs,
        conflicts: (a?.conflicts ?? [])
          .map(x => x.changeKey)
          .filter(k => inAnswer.has(k) || !isTerminalState('changes', c.state)),
        freezeWindows: (a?.freezeWindows ?? []).map(f => f.title),
        risk: a?.risk.level,
      };
    });
    // Conflicts are symmetric: show them on both changes.
    for (const change of changes) {
      for (const key of change.conflicts) {
        const other = changes.find(c => c.key === key);
        if (other && !other.conflicts.includes(change.key))
          other.conflicts.push(change.key);
      }
    }
    return {
      from,
      to,
      changes: changes.sort((a, b) =>
        a.plannedStart.localeCompare(b.plannedStart),
      ),
      freezeWindows,
      maintenanceWindows: inRange
        .filter(c => APPROVED_CHANGE_STATES.includes(c.state))
        .map(c => ({
          changeKey: c.key,
          start: String(c.data.plannedStart),
          end: String(c.data.plannedEnd),
          entityRefs: c.entityRefs,
        })),
    };
  }
}
