import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  findTransition,
  ItsmRecordLink,
  ItsmRecordType,
  itsmRecordReadPermission,
  itsmRecordUpdatePermission,
  linkSchema,
  newLinkRefusal,
  orderLink,
  pickTransitionBody,
} from '@backstage-itsm/plugin-itsm-common';
import {
  ItsmStoreTransaction,
  NewHistoryEntry,
  StoredRecord,
} from '../store/types';
import { RecordEngine } from './RecordEngine';
import { noRecordWithKey, parseInput, toLink } from './recordUtils';
import { TransitionInput } from './transitions';
import { Caller } from './types';

/*
 * A reference to another record (a link, or a record a body names by key)
 * needs read permission on that record: one the caller may not read is
 * answered exactly like one that does not exist (400 naming the field), so
 * neither its title and state nor its existence leak, and nothing is
 * written on it.
 */

/** The record with this key, locked, when the caller may read it; 400 naming `field` otherwise. */
export async function requireReadableByKey(
  engine: RecordEngine,
  tx: ItsmStoreTransaction,
  key: string,
  field: string,
  caller: Caller,
): Promise<StoredRecord> {
  const record = await engine.requireByKey(tx, key, field);
  const readable = await engine.deps.authorizer.isAllowed(
    itsmRecordReadPermission,
    record,
    caller.credentials,
  );
  if (!readable) throw noRecordWithKey(field, key);
  return record;
}

/**
 * Links a new record to the records its body named (e.g. the incident of an
 * emergency change, of a problem); writes the `linked` entry of each named
 * record and answers those of the new record.
 */
export async function linkNamedRecords(
  engine: RecordEngine,
  tx: ItsmStoreTransaction,
  created: StoredRecord,
  named: Array<{ key: string; field: string }>,
  caller: Caller,
  now: string,
): Promise<NewHistoryEntry[]> {
  const entries: NewHistoryEntry[] = [];
  for (const { key, field } of named) {
    const other = await requireReadableByKey(engine, tx, key, field, caller);
    await engine.link(tx, created, other, caller, now);
    // The other record's history says so too, as with a link made by hand.
    await tx.appendHistory(other.id, [
      {
        at: now,
        actor: caller.userRef,
        action: 'linked',
        field: created.type,
        from: null,
        to: created.key,
      },
    ]);
    entries.push({
      at: now,
      actor: caller.userRef,
      action: 'linked',
      field: other.type,
      from: null,
      to: other.key,
    });
  }
  return entries;
}

/** Fields of a transition body that name another record by key (the open RFC a known error links to). */
const RECORD_KEY_FIELDS = ['changeKey'] as const;

/**
 * Checks that the caller may read every record the body of a transition
 * names by key, among the fields the transition takes (400 otherwise). An
 * unknown transition is left to the engine to answer.
 */
export async function assertReadableReferences(
  engine: RecordEngine,
  tx: ItsmStoreTransaction,
  record: StoredRecord,
  input: TransitionInput,
  caller: Caller,
): Promise<void> {
  const def = findTransition(record.type, record.state, input.to);
  if (!def) return;
  const taken: Record<string, unknown> = pickTransitionBody(def, input);
  for (const field of RECORD_KEY_FIELDS) {
    const key = taken[field];
    if (typeof key === 'string') {
      await requireReadableByKey(engine, tx, key, field, caller);
    }
  }
}

/** Links a record to another (POST .../links); both get a history entry. */
export async function addRecordLink(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  body: unknown,
  caller: Caller,
): Promise<{ links: ItsmRecordLink[] }> {
  const input = parseInput(linkSchema, body);
  const now = engine.now();
  return engine.audited(
    'link-create',
    { type, idOrKey, target: input.target },
    async () => {
      const recordId = await engine.store.transaction(async tx => {
        const record = await engine.writable(
          tx,
          type,
          idOrKey,
          caller,
          itsmRecordUpdatePermission,
        );
        const other = await requireReadableByKey(
          engine,
          tx,
          input.target,
          'target',
          caller,
        );
        // Types that do not link answer 400 (engine.link) before any 409.
        const refusal = orderLink(record, other)
          ? newLinkRefusal(record, other) ??
            (await engine
              .handler(record.type)
              .linkRefusal?.(tx, record, other)) ??
            (await engine.handler(other.type).linkRefusal?.(tx, other, record))
          : undefined;
        if (refusal) throw new ConflictError(refusal);
        await engine.link(tx, record, other, caller, now);
        await tx.appendHistory(record.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'linked',
            field: other.type,
            from: null,
            to: other.key,
          },
        ]);
        await tx.appendHistory(other.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'linked',
            field: record.type,
            from: null,
            to: record.key,
          },
        ]);
        return record.id;
      });
      return { links: (await engine.linkedRecords(recordId)).map(toLink) };
    },
  );
}

/** Removes the link between two records (DELETE .../links/:targetKey). */
export async function removeRecordLink(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  targetKey: string,
  caller: Caller,
): Promise<void> {
  const now = engine.now();
  await engine.audited(
    'link-delete',
    { type, idOrKey, target: targetKey },
    async () =>
      engine.store.transaction(async tx => {
        const record = await engine.writable(
          tx,
          type,
          idOrKey,
          caller,
          itsmRecordUpdatePermission,
        );
        const other = await engine.requireByKey(tx, targetKey, 'targetKey');
        const direction = orderLink(record, other);
        const existing = direction
          ? (await tx.listLinks(record.id)).find(
              l => l.fromId === direction.from.id && l.toId === direction.to.id,
            )
          : undefined;
        if (!direction || !existing) {
          throw new NotFoundError(
            `${record.key} is not linked to ${other.key}`,
          );
        }
        await tx.removeLink(direction.from.id, direction.to.id, direction.kind);
        await tx.appendHistory(record.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'unlinked',
            field: other.type,
            from: other.key,
            to: null,
          },
        ]);
        await tx.appendHistory(other.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'unlinked',
            field: record.type,
            from: record.key,
            to: null,
          },
        ]);
      }),
  );
}
