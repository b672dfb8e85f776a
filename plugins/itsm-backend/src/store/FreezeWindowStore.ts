import { FreezeWindow } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { isUuid } from './rows';

interface Row {
  id: string;
  title: string;
  reason: string;
  start_at: string;
  end_at: string;
  scope_kind: string;
  scope_ref: string | null;
  created_by: string;
  created_at: string;
}

const TABLE = 'itsm_freeze_windows';

function fromRow(row: Row): FreezeWindow {
  return {
    id: row.id,
    title: row.title,
    reason: row.reason,
    start: row.start_at,
    end: row.end_at,
    scope:
      row.scope_kind === 'all'
        ? { kind: 'all' }
        : {
            kind: row.scope_kind as 'domain' | 'system' | 'entity',
            entityRef: row.scope_ref ?? '',
          },
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Freeze windows created through the API (the migrations run with the main store). */
export class FreezeWindowStore {
  constructor(private readonly db: Knex) {}

  /** Windows overlapping [from, to), earliest first. */
  async list(from: string, to: string): Promise<FreezeWindow[]> {
    const rows = await this.db<Row>(TABLE)
      .where('start_at', '<', to)
      .andWhere('end_at', '>', from)
      .orderBy([{ column: 'start_at' }, { column: 'id' }]);
    return rows.map(fromRow);
  }

  /** Ids are uuids: any other id finds nothing (PostgreSQL would refuse it). */
  async get(id: string): Promise<FreezeWindow | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async insert(window: FreezeWindow): Promise<FreezeWindow> {
    await this.db<Row>(TABLE).insert({
      id: window.id,
      title: window.title,
      reason: window.reason,
      start_at: new Date(window.start).toISOString(),
      end_at: new Date(window.end).toISOString(),
      scope_kind: window.scope.kind,
      scope_ref: window.scope.kind === 'all' ? null : window.scope.entityRef,
      created_by: window.createdBy,
      created_at: window.createdAt,
    });
    return (await this.get(window.id))!;
  }

  /** True when a window was deleted. */
  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await this.db<Row>(TABLE).where({ id }).delete()) > 0;
  }
}
