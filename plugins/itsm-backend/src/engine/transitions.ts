import { randomUUID } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import {
  actionPhrase,
  describeIllegalTransition,
  describeLinkableTypes,
  findTransition,
  ITSM_RECORD_TYPE_INFO,
  orderLink,
  pickTransitionBody,
  TransitionDef,
  TransitionRequest,
} from '@backstage-itsm/plugin-itsm-common';
import {
  ItsmStore,
  ItsmStoreTransaction,
  NewHistoryEntry,
  StoredRecord,
} from '../store/types';
import { diffHistory, linkedRecordsOf } from './recordUtils';
import {
  Caller,
  ProcessRegistry,
  RecordRoles,
  TransitionContext,
  TransitionPatch,
} from './types';

/** What a transition asks for: the target state and the fields of its body. */
export type TransitionInput = Partial<TransitionRequest> & { to: string };

/**
 * Runs one transition of a record inside a transaction: finds it in the
 * record type's state machine, checks its input, runs its guards and effects
 * by name from the registry it is given, writes the record and its history.
 */
export class TransitionRunner {
  constructor(
    private readonly deps: {
      store: ItsmStore;
      registry: ProcessRegistry;
      roles: RecordRoles;
    },
  ) {}

  async apply(
    tx: ItsmStoreTransaction,
    record: StoredRecord,
    input: TransitionInput,
    caller: Caller,
    now: string,
    options: { decidedBy?: string } = {},
  ): Promise<{
    record: StoredRecord;
    notifications: TransitionPatch['notifications'];
    /** The outbox rows of the notifications, recorded in this transaction. */
    outbox: number[];
  }> {
    const type = record.type;
    const def = findTransition(type, record.state, input.to);
    if (!def) {
      throw new ConflictError(
        describeIllegalTransition(type, record.state, input.to),
      );
    }
    // The transition takes the fields its definition declares; others are ignored.
    const taken: TransitionInput = {
      ...pickTransitionBody(def, input),
      to: input.to,
    };
    if (!options.decidedBy) {
      await this.deps.roles.assertActs(
        record,
        def.roles,
        caller,
        actionPhrase(def),
      );
    }
    checkTransitionInput(record, def, taken);
    const ctx = this.context(tx, record, def, taken, caller, now);
    for (const name of def.guards) {
      const failure = await this.guard(name)(ctx);
      if (failure) {
        throw new ConflictError(
          `Cannot ${actionPhrase(def)} ${record.key}: ${failure}`,
        );
      }
    }
    const patch: TransitionPatch = {
      state: def.to,
      data: { ...record.data },
      notifications: [],
      notes: [],
    };
    const handler = this.deps.registry.handlers[type];
    handler.applyTransitionFields?.(ctx, patch);
    if (
      taken.assignedGroup !== undefined &&
      taken.assignedGroup !== record.assignedGroup
    ) {
      patch.assignedGroup = taken.assignedGroup;
    }
    if (taken.assignee !== undefined) patch.assignee = taken.assignee;
    for (const name of def.effects ?? []) {
      await this.effect(name)(ctx, patch);
    }
    const after = await tx.updateRecord(record.id, record.version, {
      state: patch.state,
      assignedGroup: patch.assignedGroup,
      assignee: patch.assignee,
      data: patch.data,
      updatedBy: caller.userRef,
      now,
    });
    const entries: NewHistoryEntry[] = [
      {
        at: now,
        actor: caller.userRef,
        action: def.action,
        field: 'state',
        from: record.state,
        to: def.to,
      },
      ...diffHistory(record, after, def.action, caller.userRef, now, [
        'state',
        ...(handler.derived?.fields ?? []),
      ]),
      ...patch.notes.map(n => ({
        at: now,
        actor: caller.userRef,
        action: n.action,
        field: n.field,
        from: n.from ?? null,
        to: n.to,
      })),
    ];
    if (taken.reason) {
      entries.push({
        at: now,
        actor: caller.userRef,
        action: def.action,
        field: 'reason',
        from: null,
        to: taken.reason,
      });
    }
    await tx.appendHistory(record.id, entries);
    const outbox = await tx.outbox.enqueue(patch.notifications, now);
    return { record: after, notifications: patch.notifications, outbox };
  }

  /** Links two records inside the transaction; InputError when their types do not link. */
  async link(
    tx: ItsmStoreTransaction,
    a: StoredRecord,
    b: StoredRecord,
    caller: Caller,
    now: string,
  ): Promise<void> {
    const direction = orderLink(a, b);
    if (!direction) {
      throw new InputError(
        `target: a ${describeType(a)} links only to ${describeLinkableTypes(
          a.type,
        )}, not to ${b.key}`,
      );
    }
    await tx.addLink({
      fromId: direction.from.id,
      toId: direction.to.id,
      kind: direction.kind,
      createdBy: caller.userRef,
      createdAt: now,
    });
  }

  private context(
    tx: ItsmStoreTransaction,
    record: StoredRecord,
    def: TransitionDef,
    input: TransitionInput,
    caller: Caller,
    now: string,
  ): TransitionContext {
    let linkedCache: StoredRecord[] | undefined;
    return {
      tx,
      store: this.deps.store,
      record,
      def,
      input,
      caller,
      now,
      linked: async () => {
        if (!linkedCache) linkedCache = await linkedRecordsOf(tx, record.id);
        return linkedCache;
      },
      currentApprovals: async () =>
        (await tx.listApprovals(record.id)).filter(a => !a.superseded),
      createRecord: async r => {
        const rec = await tx.insertRecord({
          id: randomUUID(),
          type: r.type,
          title: r.title,
          description: r.description,
          state: r.state,
          priority: null,
          assignedGroup: r.assignedGroup,
          assignee: null,
          entityRefs: r.entityRefs,
          ownerRefs: r.ownerRefs,
          data: r.data,
          createdBy: caller.userRef,
          now,
        });
        await tx.appendHistory(rec.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'created',
            field: null,
            from: null,
            to: { state: rec.state, title: rec.title, from: record.key },
          },
        ]);
        return rec;
      },
      link: async other => {
        await this.link(tx, record, other, caller, now);
        linkedCache = undefined;
      },
      unlink: async other => {
        const direction = orderLink(record, other);
        if (direction) {
          await tx.removeLink(
            direction.from.id,
            direction.to.id,
            direction.kind,
          );
          // The other record's history says what left it, as for a link
          // removed through the API (the record's own history is the
          // transition's). At the instant of the transition's entry, so
          // the two can be matched (e.g. RFCs returned at a release's end
          // of coordination, docs/kpis.md).
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
        }
        linkedCache = undefined;
      },
      linkPair: (a, b) => this.link(tx, a, b, caller, now),
    };
  }

  private guard(name: string) {
    const guard = this.deps.registry.guards[name];
    if (!guard) throw new Error(`No guard "${name}" is registered`);
    return guard;
  }

  private effect(name: string) {
    const effect = this.deps.registry.effects[name];
    if (!effect) throw new Error(`No effect "${name}" is registered`);
    return effect;
  }
}

function describeType(record: StoredRecord): string {
  return ITSM_RECORD_TYPE_INFO[record.type].singular.toLowerCase();
}

function checkTransitionInput(
  record: StoredRecord,
  def: TransitionDef,
  input: Partial<TransitionRequest>,
) {
  const verb = `${actionPhrase(def)} ${record.key}`;
  if (def.requiresReason && !input.reason) {
    throw new InputError(`reason: a reason is required to ${verb}`);
  }
  for (const field of def.requiredFields ?? []) {
    if ((input as Record<string, unknown>)[field] === undefined) {
      throw new InputError(`${field}: is required to ${verb}`);
    }
  }
}
