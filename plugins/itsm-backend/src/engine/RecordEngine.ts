import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ActorRole,
  ItsmRecord,
  ItsmRecordType,
  recordTypeOfKey,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { ItsmStore, ItsmStoreTransaction, StoredRecord } from '../store/types';
import { withAudit } from './audit';
import { Notifier } from './Notifier';
import { OutboxDelivery } from './outboxDelivery';
import {
  linkedRecordsOf,
  noRecordWithKey,
  readableRecord,
  recordNotFound,
  toApiRecord,
} from './recordUtils';
import { TransitionInput, TransitionRunner } from './transitions';
import {
  Caller,
  EntityCatalog,
  ProcessRegistry,
  RecordRoles,
  TypeHandler,
} from './types';

/** What the record engine is built from. */
export interface RecordEngineDeps {
  store: ItsmStore;
  catalog: EntityCatalog;
  authorizer: RecordAuthorizer;
  notifier: Notifier;
  /** Who may take each process action on a record. */
  roles: RecordRoles;
  /** The handlers, guards and effects of the processes. */
  registry: ProcessRegistry;
  auditor?: AuditorService;
  logger?: LoggerService;
  clock?: () => Date;
}

/**
 * The plumbing every write of a record goes through, whatever its type:
 * reading a record the caller may see or write (locked inside the
 * transaction), transitions with their guards and effects, links, audit
 * events and the notifications sent after commit. The record service and the
 * process services (approvals, signatures, auto-close ...) call it.
 */
export class RecordEngine {
  private readonly runner: TransitionRunner;
  private readonly delivery: OutboxDelivery;

  constructor(readonly deps: RecordEngineDeps) {
    this.runner = new TransitionRunner({
      store: deps.store,
      registry: deps.registry,
      roles: deps.roles,
    });
    this.delivery = new OutboxDelivery({
      outbox: deps.store.outbox,
      notifier: deps.notifier,
      logger: deps.logger,
      clock: deps.clock,
    });
  }

  get store(): ItsmStore {
    return this.deps.store;
  }

  /** The current instant as ISO 8601 (the clock tests move). */
  now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  handler(type: ItsmRecordType): TypeHandler {
    return this.deps.registry.handlers[type];
  }

  /** The record as the API shows it. */
  toApi(record: StoredRecord): ItsmRecord {
    return toApiRecord(record, !!this.handler(record.type).showsPriority);
  }

  /** A record the caller may read, or NotFoundError / NotAllowedError. */
  readable(
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
  ): Promise<StoredRecord> {
    return readableRecord(this.deps, type, idOrKey, caller);
  }

  /** The record, locked for the transaction, when the caller holds the permission on it. */
  async writable(
    tx: ItsmStoreTransaction,
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
    permission: Parameters<RecordAuthorizer['assertRecord']>[0],
  ): Promise<StoredRecord> {
    const record = await tx.getRecordForUpdate(type, idOrKey);
    if (!record) throw recordNotFound(type, idOrKey);
    await this.deps.authorizer.assertRecord(
      permission,
      record,
      caller.credentials,
    );
    return record;
  }

  /** The record with this key, locked; InputError naming the body field otherwise. */
  async requireByKey(
    tx: ItsmStoreTransaction,
    key: string,
    field: string,
  ): Promise<StoredRecord> {
    const type = recordTypeOfKey(key);
    const record = type ? await tx.getRecordForUpdate(type, key) : undefined;
    if (!record) throw noRecordWithKey(field, key);
    return record;
  }

  /** Throws NotAllowedError unless the caller acts in one of the roles on the record. */
  assertActs(
    record: StoredRecord,
    roles: readonly ActorRole[],
    caller: Caller,
    what: string,
  ): Promise<void> {
    return this.deps.roles.assertActs(record, roles, caller, what);
  }

  /** Links two records inside the transaction; InputError when their types do not link. */
  link(
    tx: ItsmStoreTransaction,
    a: StoredRecord,
    b: StoredRecord,
    caller: Caller,
    now: string,
  ): Promise<void> {
    return this.runner.link(tx, a, b, caller, now);
  }

  /** The records linked to a record (either direction), in key order. */
  linkedRecords(recordId: string): Promise<StoredRecord[]> {
    return linkedRecordsOf(this.deps.store, recordId);
  }

  /**
   * Applies a transition inside the transaction: the caller's role (unless
   * `decidedBy` names the action whose role was checked instead, e.g. the
   * approval that completes a round), guards, effects, history.
   */
  applyTransition(
    tx: ItsmStoreTransaction,
    record: StoredRecord,
    input: TransitionInput,
    caller: Caller,
    options: { decidedBy?: string } = {},
  ) {
    return this.runner.apply(tx, record, input, caller, this.now(), options);
  }

  /**
   * Delivers the notifications a committed write recorded in the outbox
   * (see OutboxDelivery). A failure is left to the scheduled delivery: the
   * write has committed and its answer stands.
   */
  async deliver(outbox: readonly number[]): Promise<void> {
    await this.delivery.deliverCommitted(outbox);
  }

  /** Delivers what the outbox still holds (the scheduled task). */
  deliverDue(signal?: AbortSignal): Promise<number> {
    return this.delivery.deliverDue(signal);
  }

  /** Runs a write as an auditor event; a result with a key names it. */
  audited<T>(
    eventId: string,
    meta: Record<string, string | undefined>,
    fn: () => Promise<T>,
  ): Promise<T> {
    return withAudit(this.deps.auditor, { eventId, meta }, fn, result => {
      const key = (result as { key?: unknown } | undefined)?.key;
      return typeof key === 'string' ? { key } : undefined;
    });
  }
}
