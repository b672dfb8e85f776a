import { TestDatabases } from '@backstage/backend-test-utils';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { randomUUID as uuid } from 'node:crypto';
import { KnexItsmStore } from '../store/KnexItsmStore';
import { migrateItsmDatabase } from '../store/migrations';
import { NewRecord, StoredRecord } from '../store/types';

/** Fixtures of the store tests. */

export type DbId = 'POSTGRES_15' | 'SQLITE_3';

export const T0 = '2026-01-01T10:00:00.000Z';
export const T1 = '2026-01-02T10:00:00.000Z';
export const T2 = '2026-01-03T10:00:00.000Z';

export const ITSM_TABLES = [
  'itsm_records',
  'itsm_record_entities',
  'itsm_record_owners',
  'itsm_key_sequences',
  'itsm_history',
  'itsm_comments',
  'itsm_links',
  'itsm_approvals',
  'itsm_freeze_windows',
  'itsm_sla_notifications',
];

/** A migrated test database and a store on it. */
export async function setupStore(
  databases: TestDatabases,
  id: DbId,
): Promise<{ knex: Knex; store: KnexItsmStore }> {
  const knex = await databases.init(id);
  await migrateItsmDatabase(knex);
  return { knex, store: new KnexItsmStore(knex) };
}

export function newRecord(
  type: ItsmRecordType,
  overrides: Partial<NewRecord> = {},
): NewRecord {
  return {
    id: uuid(),
    type,
    title: 'Printer on fire',
    description: 'Smoke everywhere',
    state: 'new',
    priority: type === 'incidents' ? 'P2' : null,
    assignedGroup: null,
    assignee: null,
    entityRefs: [],
    ownerRefs: [],
    data: {},
    createdBy: 'user:default/alice',
    now: T0,
    ...overrides,
  };
}

export async function create(
  store: KnexItsmStore,
  type: ItsmRecordType,
  overrides: Partial<NewRecord> = {},
): Promise<StoredRecord> {
  return store.transaction(tx => tx.insertRecord(newRecord(type, overrides)));
}

export function keysOf(records: StoredRecord[]): string[] {
  return records.map(r => r.key);
}
