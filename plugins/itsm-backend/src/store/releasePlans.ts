import { ReleaseChangePurpose } from '@backstage-itsm/plugin-itsm-common';
import { CAB_AGENDA, CAB_MEETINGS } from './cabMeetings';
import { Db } from './rows';
import { ReleasePlanEntry, ReleasePlanStore } from './releasePlanTypes';

/** The table of release plans (migration `20261204030000_release_changes`). */
export const RELEASE_CHANGES = 'itsm_release_changes';

interface PlanRow {
  change_id: string;
  release_id: string;
  coordinator: string;
  purpose: string;
  duration_days: number | string;
  depends_on: string;
  created_at: string;
  created_by: string;
}

const toEntry = (row: PlanRow): ReleasePlanEntry => ({
  changeId: row.change_id,
  releaseId: row.release_id,
  coordinator: row.coordinator,
  purpose: row.purpose as ReleaseChangePurpose,
  durationDays: Number(row.duration_days),
  dependsOn: JSON.parse(row.depends_on) as string[],
  createdAt: row.created_at,
  createdBy: row.created_by,
});

/** Release plans in the store (see {@link ReleasePlanStore}). */
export class KnexReleasePlans implements ReleasePlanStore {
  constructor(private readonly db: Db) {}

  async add(entry: ReleasePlanEntry): Promise<'added' | 'coordinator-taken'> {
    // The conflict target names the partial index: a second delivering
    // change of the coordinator is not inserted (PostgreSQL waits for a
    // concurrent uncommitted one and then skips).
    const inserted = await this.db.raw(
      `INSERT INTO ${RELEASE_CHANGES}
         (change_id, release_id, coordinator, purpose, duration_days,
          depends_on, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (release_id, coordinator) WHERE purpose = 'deliver'
       DO NOTHING
       RETURNING change_id`,
      [
        entry.changeId,
        entry.releaseId,
        entry.coordinator,
        entry.purpose,
        entry.durationDays,
        JSON.stringify(entry.dependsOn),
        entry.createdAt,
        entry.createdBy,
      ],
    );
    const rows: unknown[] = Array.isArray(inserted) ? inserted : inserted.rows;
    return rows.length === 1 ? 'added' : 'coordinator-taken';
  }

  async ofRelease(releaseId: string): Promise<ReleasePlanEntry[]> {
    const rows: PlanRow[] = await this.db(`${RELEASE_CHANGES} as p`)
      .join('itsm_records as r', 'r.id', 'p.change_id')
      .where('p.release_id', releaseId)
      .orderBy('r.seq', 'asc')
      .select('p.*');
    return rows.map(toEntry);
  }

  async includedByCab(releaseId: string, changeId: string): Promise<boolean> {
    const row = await this.db(`${CAB_AGENDA} as a`)
      .join(`${CAB_MEETINGS} as m`, 'm.id', 'a.meeting_id')
      .where('m.release_id', releaseId)
      .where('a.change_id', changeId)
      .where('a.outcome', 'included')
      .first('a.change_id');
    return row !== undefined;
  }

  async ofChange(changeId: string): Promise<ReleasePlanEntry | undefined> {
    const row: PlanRow | undefined = await this.db(RELEASE_CHANGES)
      .where('change_id', changeId)
      .first();
    return row && toEntry(row);
  }
}
