import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import fs from 'node:fs';
import { Knex } from 'knex';
import { RECORD_FACTS } from '../recordFacts';
import { KnexItsmStore } from '../store/KnexItsmStore';
import {
  ITSM_MIGRATIONS_DIRECTORY,
  migrateItsmDatabase,
} from '../store/migrations';
import { NewRecord, StoredRecord } from '../store/types';
import { newRecord } from './fixtures';

/**
 * Every table the ITSM migrations create, in an order in which they can be
 * emptied one after the other: the tables that reference `itsm_records`
 * before it. (KnexItsmStore.test.ts checks that this is every table.)
 */
export const ITSM_TABLES = [
  'itsm_cab_votes',
  'itsm_cab_agenda',
  'itsm_cab_members',
  'itsm_cab_meetings',
  'itsm_release_backlogs',
  'itsm_release_changes',
  'itsm_approvals',
  'itsm_links',
  'itsm_comments',
  'itsm_history',
  'itsm_record_facts',
  'itsm_record_documents',
  'itsm_record_owners',
  'itsm_record_entities',
  'itsm_records',
  'itsm_key_sequences',
  'itsm_freeze_windows',
  'itsm_sla_notifications',
  'itsm_sla_escalations',
  'itsm_idempotency_keys',
  'itsm_outbox',
] as const;

/**
 * The databases of the ITSM database tests: SQLite always, PostgreSQL 15
 * when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (see
 * scripts/with-postgres.sh). One instance per test file (Jest loads this
 * module once per file), shut down after the file's tests.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** The ids to run a database suite on: `describe.each(ITSM_TEST_DATABASES)`. */
export const ITSM_TEST_DATABASES = databases.eachSupportedId();

/**
 * A generous bound for creating, migrating and emptying a database: it only
 * keeps a broken database from hanging the run, whatever the machine's load.
 */
const HOOK_TIMEOUT_MS = 120_000;

/** A test database a whole suite shares, emptied before each of its tests. */
export interface ItsmTestDatabase {
  readonly id: TestDatabaseId;
  /** The suite's connection (available from beforeAll on). */
  readonly knex: Knex;
  /** A store on the suite's database. */
  readonly store: KnexItsmStore;
  /**
   * Empties every ITSM table and restarts the key sequences (the first
   * incident is INC-1 again) and the ids of history, comments and approvals.
   * Runs before each test; call it to start over within a test.
   */
  truncate(): Promise<void>;
  /** The database service of a test backend that uses this database. */
  feature(): ReturnType<typeof mockServices.database.factory>;
}

/**
 * Gives the calling suite one database: created and migrated once, in
 * beforeAll, and emptied before each test. With `migrate: false` the
 * database stays unmigrated and every migration is rolled back before each
 * test (for tests of the migrations themselves).
 */
export function useItsmTestDatabase(
  id: TestDatabaseId,
  options: { migrate?: boolean } = {},
): ItsmTestDatabase {
  const migrate = options.migrate ?? true;
  let knex: Knex | undefined;
  let store: KnexItsmStore | undefined;
  const connected = () => {
    if (!knex) throw new Error('The test database is set up in beforeAll');
    return knex;
  };

  beforeAll(async () => {
    knex = await databases.init(id);
    if (migrate) await migrateItsmDatabase(knex);
    store = new KnexItsmStore(knex, RECORD_FACTS);
  }, HOOK_TIMEOUT_MS);

  beforeEach(async () => {
    if (migrate) {
      await truncateItsmTables(connected());
    } else {
      await connected().migrate.rollback(
        { directory: ITSM_MIGRATIONS_DIRECTORY },
        true,
      );
    }
  }, HOOK_TIMEOUT_MS);

  return {
    id,
    get knex() {
      return connected();
    },
    get store() {
      connected();
      return store!;
    },
    truncate: () => truncateItsmTables(connected()),
    feature: () => mockServices.database.factory({ knex: connected() }),
  };
}

/** Empties every ITSM table, restarting the identities and key sequences. */
export async function truncateItsmTables(knex: Knex): Promise<void> {
  const client = String(knex.client.config.client);
  if (client === 'pg') {
    // One statement: PostgreSQL refuses to truncate a referenced table alone.
    await knex.raw(
      `TRUNCATE TABLE ${ITSM_TABLES.map(() => '??').join(
        ', ',
      )} RESTART IDENTITY`,
      [...ITSM_TABLES],
    );
    return;
  }
  await knex.transaction(async tx => {
    for (const table of ITSM_TABLES) await tx(table).delete();
    if (client === 'better-sqlite3' || client === 'sqlite3') {
      // The bigIncrements ids (history, comments, approvals) start at 1 again.
      await tx('sqlite_sequence')
        .whereIn('name', [...ITSM_TABLES])
        .delete();
    }
  });
}

/** Creates a record (see newRecord) in a transaction of its own. */
export function createRecord(
  store: KnexItsmStore,
  type: ItsmRecordType,
  overrides: Partial<NewRecord> = {},
): Promise<StoredRecord> {
  return store.transaction(tx => tx.insertRecord(newRecord(type, overrides)));
}

/**
 * Undoes, one by one, the migration whose file name starts with `prefix`
 * and every later one (the migration tests: the schema just before it).
 */
export async function undoMigrationsFrom(
  knex: Knex,
  prefix: string,
): Promise<void> {
  const directory = ITSM_MIGRATIONS_DIRECTORY;
  const files = fs
    .readdirSync(directory)
    .filter(f => f.endsWith('.js'))
    .sort();
  const index = files.findIndex(f => f.startsWith(prefix));
  if (index < 0) throw new Error(`No migration named ${prefix}`);
  for (let i = 0; i < files.length - index; i++) {
    await knex.migrate.down({ directory });
  }
}
