import { KnexCabMeetings } from './cabMeetings';
import { KnexReleasePlans } from './releasePlans';
import { KnexIdempotencyKeys } from './idempotency';
import { KnexOutbox } from './outbox';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import {
  intervalsOnEntities,
  recordsCreatedOnEntities,
} from './availabilityQueries';
import { listFacts, reindexFacts } from './facts';
import { kpiCounts } from './kpiQueries';
import { migrateItsmDatabase } from './migrations';
import { Queries } from './queries';
import {
  claimSlaWarning,
  markEscalationDelivered,
  undeliveredEscalations,
} from './slaWarnings';
import { KnexSweepReads } from './sweepQueries';
import { listWork } from './workQueries';
import { WorkQuery, WorkStore } from './workTypes';
import { KnexItsmStoreTransaction } from './transaction';
import {
  recordsInWindow,
  WindowReads,
  WindowRecord,
  WindowRecordsQuery,
} from './windowQueries';
import {
  EntityInterval,
  EntityIntervalsQuery,
  EntityRecordsQuery,
  HistoryEntry,
  ItsmStore,
  ItsmStoreTransaction,
  KpiCounts,
  KpiCountsQuery,
  ListRecordsQuery,
  ListRecordsResult,
  RecordFact,
  RecordFactsIndex,
  RecordFilter,
  OutageEscalation,
  SlaWarning,
  StoredApproval,
  StoredComment,
  StoredLink,
  StoredRecord,
  SweepReads,
} from './types';

/*
 * Storage conventions (see migrations/20261124120000_init.js):
 *
 * - Timestamps are ISO 8601 text in the exact form of Date#toISOString
 *   (2026-11-24T12:00:00.000Z). Every timestamp the store is given is
 *   normalised to that form on write, so values round-trip identically on
 *   PostgreSQL and SQLite and compare correctly as strings.
 * - JSON values (record data, history from/to) are stored as JSON text.
 * - Keys: itsm_key_sequences holds the last number handed out per type. A
 *   create increments it with `UPDATE ... SET last_value = last_value + 1`
 *   inside the creating transaction, which locks the row until commit, so
 *   concurrent creates serialise on it (PostgreSQL row lock; SQLite has a
 *   single writer). When a creating transaction rolls back, its increment
 *   rolls back too and the next create gets the same number again; that is
 *   harmless because no committed record ever carried that key. A key that a
 *   committed record carries is never handed out again. The sequence row stays
 *   locked until the creating transaction ends, so creates of one type
 *   serialise for that long; a transaction that creates records of several
 *   types should create them in ITSM_RECORD_TYPES order, or two such
 *   transactions may deadlock on PostgreSQL (one is then rolled back).
 */

/**
 * The knex (PostgreSQL / SQLite) implementation of {@link ItsmStore}.
 *
 * The plugin migrates its database and createItsmServices (wiring.ts)
 * builds the store on it: `await migrateItsmDatabase(knex); new
 * KnexItsmStore(knex)`. `KnexItsmStore.create({ database })` does both.
 */
export class KnexItsmStore implements ItsmStore, WindowReads, WorkStore {
  private readonly queries: Queries;
  readonly sweepReads: SweepReads;
  readonly cab: KnexCabMeetings;
  readonly releasePlans: KnexReleasePlans;
  readonly idempotency: KnexIdempotencyKeys;
  readonly outbox: KnexOutbox;

  static async create(options: {
    database: DatabaseService;
    facts: RecordFactsIndex;
    skipMigrations?: boolean;
  }): Promise<KnexItsmStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await migrateItsmDatabase(client);
    }
    return new KnexItsmStore(client, options.facts);
  }

  /**
   * @param facts - how each record's facts follow from its data (see
   *   RecordFactsIndex); written with every record.
   */
  constructor(
    private readonly db: Knex,
    private readonly facts: RecordFactsIndex,
  ) {
    this.queries = new Queries(db);
    this.sweepReads = new KnexSweepReads(this.queries);
    this.cab = new KnexCabMeetings(db);
    this.releasePlans = new KnexReleasePlans(db);
    this.idempotency = new KnexIdempotencyKeys(db);
    this.outbox = new KnexOutbox(db);
  }

  transaction<T>(fn: (tx: ItsmStoreTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(trx =>
      fn(new KnexItsmStoreTransaction(trx, this.facts)),
    );
  }

  /**
   * Rewrites the facts of every record written by an older derivation (all
   * records, the first time), in batches; the plugin runs it at start-up.
   */
  reindexFacts(
    options: {
      batchSize?: number;
      onProgress?(done: number, total: number): void;
    } = {},
  ): Promise<number> {
    return reindexFacts(this.db, this.facts, options);
  }

  getRecord(
    type: ItsmRecordType,
    idOrKey: string,
    permissionFilter?: PermissionCriteria<RecordFilter>,
  ): Promise<StoredRecord | undefined> {
    return this.queries.getRecord(type, idOrKey, { permissionFilter });
  }

  getRecordsByIds(ids: string[]): Promise<StoredRecord[]> {
    return this.queries.getRecordsByIds(ids);
  }

  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    return this.queries.listRecords(query);
  }

  listWork(query: WorkQuery): Promise<ListRecordsResult> {
    return listWork(this.db, rows => this.queries.hydrate(rows), query);
  }

  listHistory(recordId: string): Promise<HistoryEntry[]> {
    return this.queries.listHistory(recordId);
  }

  listComments(
    recordId: string,
    options: { limit: number; cursor?: string; internal: boolean },
  ): Promise<{
    items: StoredComment[];
    nextCursor?: string;
    totalCount: number;
  }> {
    return this.queries.listComments(recordId, options);
  }

  listLinks(recordId: string): Promise<StoredLink[]> {
    return this.queries.listLinks(recordId);
  }

  listApprovals(recordId: string): Promise<StoredApproval[]> {
    return this.queries.listApprovals(recordId);
  }

  listFacts(
    recordIds: string[],
    names: string[],
  ): Promise<Array<RecordFact & { recordId: string }>> {
    return listFacts(this.db, recordIds, names);
  }

  listRecordsInStateSince(
    type: ItsmRecordType,
    state: string,
    before: string,
    page: { limit: number; afterSeq?: number },
  ): Promise<StoredRecord[]> {
    return this.queries.listRecordsInStateSince(type, state, before, page);
  }

  claimSlaWarning(warning: SlaWarning): Promise<boolean> {
    return claimSlaWarning(this.db, warning);
  }

  undeliveredEscalations(before: string): Promise<OutageEscalation[]> {
    return undeliveredEscalations(this.db, before);
  }

  markEscalationDelivered(
    incidentId: string,
    outageStart: string,
    at: string,
  ): Promise<boolean> {
    return markEscalationDelivered(this.db, incidentId, outageStart, at);
  }

  kpiCounts(query: KpiCountsQuery): Promise<KpiCounts> {
    return kpiCounts(this.db, query);
  }

  intervalsOnEntities(query: EntityIntervalsQuery): Promise<EntityInterval[]> {
    return intervalsOnEntities(this.db, query);
  }

  recordsCreatedOnEntities(query: EntityRecordsQuery): Promise<StoredRecord[]> {
    return recordsCreatedOnEntities(this.queries, query);
  }

  recordsInWindow(query: WindowRecordsQuery): Promise<WindowRecord[]> {
    return recordsInWindow(this.db, query);
  }
}
