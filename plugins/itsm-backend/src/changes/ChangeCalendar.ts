import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  APPROVED_CHANGE_STATES,
  FreezeWindow,
  isAbandonedState,
  isTerminalState,
  itsmRecordReadPermission,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import { parseInstant } from '../engine/recordUtils';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { listAll } from '../store/listAll';
import { ItsmStore } from '../store/types';
import { FreezeWindowService } from './FreezeWindowService';

const MAX_RANGE_DAYS = 400;

/** The states of the changes the calendar shows: all but the abandoned ones. */
const CALENDAR_STATES = STATE_MACHINES.changes.states.filter(
  s => !isAbandonedState('changes', s),
);

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
    // Every change whose window overlaps the range and that was not
    // abandoned, selected in SQL on the window facts (no cap).
    const inRange =
      access.result === 'none'
        ? []
        : await listAll(this.deps.store, {
            type: 'changes',
            entityRefs: params.entityRefs,
            states: CALENDAR_STATES,
            overlaps: { name: 'window', from, to },
            permissionFilter:
              access.result === 'filtered' ? access.filter : undefined,
          });
    const freezeWindows = await this.deps.freezes.list(from, to);
    // What the calendar shows of each assessment, from the record facts
    // (lists do not carry the assessments themselves).
    const shown = new Map<
      string,
      { conflicts: string[]; freezeWindows: string[]; risk?: string }
    >(inRange.map(c => [c.id, { conflicts: [], freezeWindows: [] }]));
    for (const fact of await this.deps.store.listFacts(
      inRange.map(c => c.id),
      ['conflict', 'freeze', 'risk'],
    )) {
      const entry = shown.get(fact.recordId);
      if (!entry) continue;
      if (fact.name === 'conflict') entry.conflicts.push(fact.value);
      else if (fact.name === 'freeze') entry.freezeWindows.push(fact.value);
      else entry.risk = fact.value;
    }
    const inAnswer = new Set(inRange.map(o => o.key));
    const changes: CalendarChange[] = inRange.map(c => {
      const a = shown.get(c.id)!;
      return {
        key: c.key,
        title: c.title,
        state: c.state,
        changeType: String(c.data.changeType),
        plannedStart: String(c.data.plannedStart),
        plannedEnd: String(c.data.plannedEnd),
        entityRefs: c.entityRefs,
        conflicts: a.conflicts.filter(
          k => inAnswer.has(k) || !isTerminalState('changes', c.state),
        ),
        freezeWindows: a.freezeWindows,
        risk: a.risk,
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
