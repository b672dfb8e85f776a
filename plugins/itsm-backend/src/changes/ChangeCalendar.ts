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
import { ItsmStore } from '../store/types';
import { WindowReads } from '../store/windowQueries';
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
      store: ItsmStore & WindowReads;
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
    // abandoned, read from the window facts of the range (no cap, no
    // count), with what the calendar shows of each assessment (its risk,
    // conflicts and freeze windows, as facts: lists do not carry the
    // assessments themselves).
    const inRange =
      access.result === 'none'
        ? []
        : await this.deps.store.recordsInWindow({
            type: 'changes',
            fact: 'window',
            states: CALENDAR_STATES,
            from,
            to,
            entityRefs: params.entityRefs,
            permissionFilter:
              access.result === 'filtered' ? access.filter : undefined,
            facts: [{ name: 'conflict' }, { name: 'freeze' }, { name: 'risk' }],
          });
    const freezeWindows = await this.deps.freezes.list(from, to);
    const inAnswer = new Set(inRange.map(o => o.key));
    const changes: CalendarChange[] = inRange.map(c => {
      const valuesOf = (name: string) =>
        c.facts.filter(f => f.name === name).map(f => f.value);
      return {
        key: c.key,
        title: c.title,
        state: c.state,
        // The window as its fact holds it (the form of Date#toISOString).
        changeType: c.interval.value,
        plannedStart: c.interval.start,
        plannedEnd: c.interval.end ?? '',
        entityRefs: c.entityRefs,
        conflicts: valuesOf('conflict').filter(
          k => inAnswer.has(k) || !isTerminalState('changes', c.state),
        ),
        freezeWindows: valuesOf('freeze'),
        risk: valuesOf('risk')[0],
      };
    });
    // Conflicts are symmetric: show them on both changes.
    const byKey = new Map(changes.map(c => [c.key, c]));
    for (const change of changes) {
      for (const key of change.conflicts) {
        const other = byKey.get(key);
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
          start: c.interval.start,
          end: c.interval.end ?? '',
          entityRefs: c.entityRefs,
        })),
    };
  }
}
