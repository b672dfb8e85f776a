import { ConflictError } from '@backstage/errors';
import {
  findTransition,
  isTerminalState,
  ItsmRecord,
  ItsmRecordType,
  itsmRecordUpdatePermission,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import { NewHistoryEntry, StoredRecord } from '../store/types';
import { RecordEngine } from './RecordEngine';
import {
  assertTypePermission,
  assertVersion,
  diffHistory,
  handlerContext,
  parseInput,
} from './recordUtils';
import { Caller, ownerRefsOf, RecordUpdate, systemRefsOf } from './types';

/** Thrown inside a transaction to leave it without writing. */
class NoChange extends Error {
  constructor(readonly record: StoredRecord) {
    super('nothing to write');
  }
}

/**
 * A PATCH of a record: the common fields, the type's fields through its
 * handler, derived data computed before the transaction, and, when the
 * handler says the edit undoes a decision taken on the record, the state it
 * returns to with the decisions superseded and history saying why.
 */
export async function updateRecord(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  body: unknown,
  caller: Caller,
): Promise<ItsmRecord> {
  const handler = engine.handler(type);
  const { store, catalog, authorizer } = engine.deps;
  const input = parseInput(UPDATE_SCHEMAS[type], body);
  const { version, title, description, entityRefs, ...fields } = input;
  const now = engine.now();
  const facts = entityRefs
    ? await catalog.requireEntities(entityRefs, caller.credentials)
    : undefined;
  const stale = !!handler.derived?.staleAfterUpdate(
    fields as Record<string, unknown>,
    !!facts,
  );
  // Derived data reads the catalog and other records, so it is computed
  // before the transaction (holding no lock) on the version the caller saw.
  const before = stale ? await store.getRecord(type, idOrKey) : undefined;
  const derived =
    before && before.version === version
      ? await handler.derived?.compute(
          {
            ...before,
            entityRefs: facts?.map(f => f.entityRef) ?? before.entityRefs,
            ownerRefs: facts ? ownerRefsOf(facts) : before.ownerRefs,
            data: { ...before.data, ...fields },
          },
          caller,
        )
      : undefined;
  let outbox: number[] = [];
  const updated = await engine.audited(
    'record-update',
    { type, idOrKey },
    async () => {
      const result = await store
        .transaction(async tx => {
          const record = await engine.writable(
            tx,
            type,
            idOrKey,
            caller,
            itsmRecordUpdatePermission,
          );
          assertVersion(record, version);
          if (isTerminalState(type, record.state)) {
            throw new ConflictError(
              `${record.key} is ${record.state}; a finished record cannot be changed`,
            );
          }
          await assertTypePermission(authorizer, handler, caller);
          const ctx = {
            ...handlerContext(engine.deps, caller, now, facts ?? [], record),
            derived,
          };
          const typed = await handler.update(fields, record, ctx);
          const data: Record<string, unknown> = facts
            ? { ...typed.data, systemRefs: systemRefsOf(facts) }
            : { ...typed.data };
          if (derived) Object.assign(data, derived);
          const reopen = typed.reopen;
          if (reopen) assertReopenable(record, reopen.state);
          const after = await tx.updateRecord(record.id, version, {
            title,
            description,
            entityRefs: facts?.map(f => f.entityRef),
            ownerRefs: facts ? ownerRefsOf(facts) : undefined,
            priority: typed.priority,
            assignedGroup: typed.assignedGroup,
            assignee: typed.assignee,
            state: reopen?.state,
            data,
            updatedBy: caller.userRef,
            now,
          });
          const entries = diffHistory(
            record,
            after,
            'updated',
            caller.userRef,
            now,
            ['systemRefs', 'state', ...(handler.derived?.fields ?? [])],
          );
          if (entries.length === 0) {
            // Nothing changed: leave the record (and its version) as it was.
            throw new NoChange(record);
          }
          if (reopen) {
            if (reopen.supersedeApprovals)
              await tx.supersedeApprovals(record.id);
            entries.push(...reopenHistory(record, reopen, caller, now));
          }
          await tx.appendHistory(record.id, entries);
          outbox = reopen
            ? await tx.outbox.enqueue(typed.notifications ?? [], now)
            : [];
          return after;
        })
        .catch(error => {
          if (error instanceof NoChange) return error.record;
          throw error;
        });
      return engine.toApi(result);
    },
  );
  await engine.deliver(outbox);
  return updated;
}

/** A record returns only to its own state or along an arrow of its machine. */
function assertReopenable(record: StoredRecord, state: string) {
  if (
    state !== record.state &&
    !findTransition(record.type, record.state, state)
  )
    throw new Error(
      `An update may not move ${record.key} from ${record.state} to ${state}: no such transition`,
    );
}

function reopenHistory(
  record: StoredRecord,
  reopen: NonNullable<RecordUpdate['reopen']>,
  caller: Caller,
  now: string,
): NewHistoryEntry[] {
  const entry = (field: string, from: unknown, to: unknown) => ({
    at: now,
    actor: caller.userRef,
    action: reopen.action,
    field,
    from,
    to,
  });
  return [
    ...(reopen.state !== record.state
      ? [entry('state', record.state, reopen.state)]
      : []),
    entry('reason', null, reopen.reason),
  ];
}
