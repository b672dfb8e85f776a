import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CabOutcome,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordType,
  isItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { storedData, writeDocuments } from './documents';
import { writeFacts } from './facts';
import { KnexCabMeetings } from './cabMeetings';
import { KnexReleasePlans } from './releasePlans';
import { KnexIdempotencyKeys } from './idempotency';
import { KnexOutbox } from './outbox';
import { Queries } from './queries';
import { nextSequenceValue } from './sequences';
import {
  claimReleaseBacklog,
  releaseBacklogOf,
  setReleaseBacklog,
} from './releaseBacklogs';
import { claimOutageEscalation, claimSlaWarnings } from './slaWarnings';
import {
  APPROVALS,
  chunks,
  COMMENTS,
  ENTITIES,
  HISTORY,
  insertedId,
  isUuid,
  LINKS,
  OWNERS,
  RECORDS,
  RecordRow,
  toApproval,
  toIso,
  toJsonText,
} from './rows';
import {
  ItsmStoreTransaction,
  ListRecordsQuery,
  ListRecordsResult,
  NewHistoryEntry,
  NewRecord,
  OutageEscalation,
  RecordFactsIndex,
  RecordPatch,
  SlaWarning,
  StoredApproval,
  StoredComment,
  StoredLink,
  StoredRecord,
} from './types';

/** The writes of one transaction (see the storage conventions in KnexItsmStore.ts). */
export class KnexItsmStoreTransaction implements ItsmStoreTransaction {
  private readonly queries: Queries;

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly facts: RecordFactsIndex,
  ) {
    this.queries = new Queries(trx);
  }

  /** Hands out the next number of the type's key sequence (see KnexItsmStore.ts). */
  private nextSeq(type: ItsmRecordType): Promise<number> {
    return nextSequenceValue(this.trx, type);
  }

  /**
   * Replaces the entity and owner refs of a record. Each entity row carries
   * its record's type and key number (record_type, record_seq), the order
   * of a list of an entity's records (migrations/
   * 20261203090000_list_indexes.js); `record` gives them, or they are
   * read from the record when they are needed.
   */
  private async writeRefs(
    record: { id: string; type?: ItsmRecordType; seq?: number },
    entityRefs: string[] | undefined,
    ownerRefs: string[] | undefined,
  ): Promise<void> {
    const recordId = record.id;
    if (entityRefs) {
      await this.trx(ENTITIES).where('record_id', recordId).delete();
      let { type, seq } = record;
      if (entityRefs.length > 0 && (type === undefined || seq === undefined)) {
        const row: { type: ItsmRecordType; seq: number | string } | undefined =
          await this.trx(RECORDS).where({ id: recordId }).first('type', 'seq');
        if (!row) throw new NotFoundError(`Record ${recordId} not found`);
        type = row.type;
        seq = Number(row.seq);
      }
      for (const chunk of chunks(
        entityRefs.map((ref, i) => [ref, i] as const),
      )) {
        await this.trx(ENTITIES).insert(
          chunk.map(([ref, position]) => ({
            record_id: recordId,
            position,
            entity_ref: ref,
            record_type: type,
            record_seq: seq,
          })),
        );
      }
    }
    if (ownerRefs) {
      await this.trx(OWNERS).where('record_id', recordId).delete();
      for (const chunk of chunks(
        ownerRefs.map((ref, i) => [ref, i] as const),
      )) {
        await this.trx(OWNERS).insert(
          chunk.map(([ref, position]) => ({
            record_id: recordId,
            position,
            owner_ref: ref,
          })),
        );
      }
    }
  }

  private async mustGet(id: string): Promise<StoredRecord> {
    const [record] = await this.queries.getRecordsByIds([id]);
    if (!record) {
      throw new NotFoundError(`Record ${id} not found`);
    }
    return record;
  }

  async insertRecord(record: NewRecord): Promise<StoredRecord> {
    if (!isItsmRecordType(record.type)) {
      throw new InputError(`Unknown record type '${String(record.type)}'`);
    }
    if (!isUuid(record.id)) {
      throw new InputError(`Record id must be a uuid, got '${record.id}'`);
    }
    const id = record.id.toLowerCase();
    const now = toIso(record.now, 'now');
    const seq = await this.nextSeq(record.type);
    const key = `${ITSM_RECORD_TYPE_INFO[record.type].keyPrefix}-${seq}`;
    const row: RecordRow = {
      id,
      type: record.type,
      key,
      seq,
      title: record.title,
      description: record.description,
      state: record.state,
      priority: record.priority ?? null,
      assigned_group: record.assignedGroup ?? null,
      assignee: record.assignee ?? null,
      data: JSON.stringify(storedData(record.type, record.data ?? {})),
      created_by: record.createdBy,
      updated_by: record.updatedBy ?? record.createdBy,
      created_at: now,
      updated_at: now,
      state_changed_at: now,
      version: 1,
    };
    await this.trx(RECORDS).insert(row);
    await this.writeRefs(
      { id, type: record.type, seq },
      record.entityRefs ?? [],
      record.ownerRefs ?? [],
    );
    const written = { id, type: record.type, data: record.data ?? {} };
    await writeDocuments(this.trx, written);
    await writeFacts(this.trx, this.facts, written);
    return this.mustGet(id);
  }

  getRecordForUpdate(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<StoredRecord | undefined> {
    return this.queries.getRecord(type, idOrKey, { forUpdate: true });
  }

  async updateRecord(
    id: string,
    expectedVersion: number,
    patch: RecordPatch,
  ): Promise<StoredRecord> {
    if (!isUuid(id)) {
      throw new NotFoundError(`Record ${id} not found`);
    }
    const recordId = id.toLowerCase();
    const now = toIso(patch.now, 'now');
    const changes: Record<string, unknown> = {
      updated_by: patch.updatedBy,
      updated_at: now,
      version: this.trx.raw('?? + 1', ['version']),
    };
    if (patch.title !== undefined) changes.title = patch.title;
    if (patch.description !== undefined) {
      changes.description = patch.description;
    }
    if (patch.state !== undefined) {
      changes.state = patch.state;
      // Right-hand sides see the row before the update (PostgreSQL and SQLite).
      changes.state_changed_at = this.trx.raw(
        'CASE WHEN ?? = ? THEN ?? ELSE ? END',
        ['state', patch.state, 'state_changed_at', now],
      );
    }
    if (patch.priority !== undefined) changes.priority = patch.priority;
    if (patch.assignedGroup !== undefined) {
      changes.assigned_group = patch.assignedGroup;
    }
    if (patch.assignee !== undefined) changes.assignee = patch.assignee;
    const stored: { type: ItsmRecordType } | undefined =
      patch.data !== undefined
        ? await this.trx(RECORDS).where({ id: recordId }).first('type')
        : undefined;
    if (stored && patch.data !== undefined) {
      changes.data = JSON.stringify(storedData(stored.type, patch.data));
    }

    const updated = await this.trx(RECORDS)
      .where({ id: recordId, version: expectedVersion })
      .update(changes);
    if (updated === 0) {
      const current: { key: string; version: number | string } | undefined =
        await this.trx(RECORDS).where({ id: recordId }).first('key', 'version');
      if (!current) {
        throw new NotFoundError(`Record ${id} not found`);
      }
      throw new ConflictError(
        `${current.key} was changed by someone else (version ${Number(
          current.version,
        )} is current, you sent ${expectedVersion}); reload and try again`,
      );
    }
    await this.writeRefs({ id: recordId }, patch.entityRefs, patch.ownerRefs);
    if (stored && patch.data !== undefined) {
      const written = { id: recordId, type: stored.type, data: patch.data };
      await writeDocuments(this.trx, written);
      await writeFacts(this.trx, this.facts, written);
    }
    return this.mustGet(recordId);
  }

  async appendHistory(
    recordId: string,
    entries: NewHistoryEntry[],
  ): Promise<void> {
    // One insert per entry so ids (and thus the order) follow the array order.
    for (const entry of entries) {
      await this.trx(HISTORY).insert({
        record_id: recordId.toLowerCase(),
        at: toIso(entry.at, 'history timestamp'),
        actor: entry.actor,
        action: entry.action,
        field: entry.field ?? null,
        from_value: toJsonText(entry.from),
        to_value: toJsonText(entry.to),
      });
    }
  }

  async addComment(
    recordId: string,
    comment: Pick<StoredComment, 'author' | 'body' | 'visibility'>,
    now: string,
  ): Promise<StoredComment> {
    const createdAt = toIso(now, 'now');
    const { author, body, visibility } = comment;
    const id = insertedId(
      await this.trx(COMMENTS)
        .insert({
          record_id: recordId.toLowerCase(),
          author,
          body,
          visibility,
          created_at: createdAt,
        })
        .returning('id'),
    );
    const stored = { author, body, visibility, createdAt };
    return { id, recordId: recordId.toLowerCase(), ...stored };
  }

  async addLink(link: StoredLink): Promise<void> {
    await this.trx(LINKS)
      .insert({
        from_id: link.fromId.toLowerCase(),
        to_id: link.toId.toLowerCase(),
        kind: link.kind,
        created_by: link.createdBy,
        created_at: toIso(link.createdAt, 'link timestamp'),
      })
      .onConflict(['from_id', 'to_id', 'kind'])
      .ignore();
  }

  async removeLink(fromId: string, toId: string, kind: string): Promise<void> {
    if (!isUuid(fromId) || !isUuid(toId)) {
      return;
    }
    await this.trx(LINKS)
      .where({
        from_id: fromId.toLowerCase(),
        to_id: toId.toLowerCase(),
        kind,
      })
      .delete();
  }

  async addApproval(
    approval: Omit<StoredApproval, 'id'>,
  ): Promise<StoredApproval> {
    const row = {
      record_id: approval.recordId.toLowerCase(),
      approver_ref: approval.approverRef,
      decision: approval.decision,
      reason: approval.reason ?? null,
      decided_by: approval.decidedBy,
      decided_at: toIso(approval.decidedAt, 'decision timestamp'),
      superseded: approval.superseded ?? false,
    };
    const id = insertedId(
      await this.trx(APPROVALS).insert(row).returning('id'),
    );
    return toApproval({ id, ...row });
  }

  async supersedeApprovals(recordId: string): Promise<void> {
    if (!isUuid(recordId)) {
      return;
    }
    await this.trx(APPROVALS)
      .where({ record_id: recordId.toLowerCase(), superseded: false })
      .update({ superseded: true });
  }

  getRecordsByIds(ids: string[]): Promise<StoredRecord[]> {
    return this.queries.getRecordsByIds(ids);
  }

  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    return this.queries.listRecords(query);
  }

  listLinks(recordId: string): Promise<StoredLink[]> {
    return this.queries.listLinks(recordId);
  }

  listApprovals(recordId: string): Promise<StoredApproval[]> {
    return this.queries.listApprovals(recordId);
  }

  claimSlaWarnings(warnings: SlaWarning[]): Promise<SlaWarning[]> {
    return claimSlaWarnings(this.trx, warnings);
  }

  claimOutageEscalation(escalation: OutageEscalation): Promise<boolean> {
    return claimOutageEscalation(this.trx, escalation);
  }

  releaseBacklogOf(
    serviceRefs: readonly string[],
  ): Promise<string | undefined> {
    return releaseBacklogOf(this.trx, serviceRefs);
  }

  claimReleaseBacklog(serviceRef: string): Promise<boolean> {
    return claimReleaseBacklog(this.trx, serviceRef);
  }

  setReleaseBacklog(serviceRef: string, releaseId: string): Promise<void> {
    return setReleaseBacklog(this.trx, serviceRef, releaseId);
  }

  async cabDecisionOf(changeId: string): Promise<CabOutcome | undefined> {
    return (await new KnexCabMeetings(this.trx).latestDecision(changeId))
      ?.outcome;
  }

  cabMembersOfRelease(releaseId: string): Promise<string[]> {
    return new KnexCabMeetings(this.trx).membersOfRelease(releaseId);
  }

  get cab(): KnexCabMeetings {
    return new KnexCabMeetings(this.trx);
  }

  get releasePlans(): KnexReleasePlans {
    return new KnexReleasePlans(this.trx);
  }

  get idempotency(): KnexIdempotencyKeys {
    return new KnexIdempotencyKeys(this.trx);
  }

  get outbox(): KnexOutbox {
    return new KnexOutbox(this.trx);
  }
}
