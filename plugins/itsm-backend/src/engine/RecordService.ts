import { randomUUID } from 'node:crypto';
import {
  ActorRole,
  actsIn,
  CREATE_SCHEMAS,
  ItsmApproval,
  ItsmComment,
  ItsmHistoryEntry,
  ItsmPage,
  ItsmRecordPage,
  ItsmRecord,
  ItsmRecordLink,
  ItsmRecordType,
  itsmRecordCreatePermission,
  itsmRecordReadPermission,
  itsmRecordTransitionPermission,
  ResolvedRole,
  STATE_MACHINES,
  transitionSchema,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmStoreTransaction, NewHistoryEntry } from '../store/types';
import { IdempotencyClaim, idempotentWrite } from './idempotency';
import { RecordEngine } from './RecordEngine';
import {
  addRecordLink,
  assertReadableReferences,
  linkNamedRecords,
  removeRecordLink,
} from './recordLinks';
import {
  assertVersion,
  assertTypePermission,
  takenByAParty,
  handlerContext,
  parseInput,
  pendingRecord,
  toApproval,
  toHistoryEntry,
  toLink,
} from './recordUtils';
import { updateRecord } from './recordUpdate';
import { addComment, listComments } from './recordComments';
import { listAllRecords, ListParams, listQuery } from './recordList';
import { Caller, ownerRefsOf, RecordDraft, systemRefsOf } from './types';

/** A record with the records linked to it (and, where its type has them, its approvals). */
export type RecordDetail = ItsmRecord & {
  links: ItsmRecordLink[];
  approvals?: ItsmApproval[];
};

const DEFAULT_LIMIT = 50;

/**
 * The operations every ITSM record has, whatever its type: list, read,
 * create, update, transition, comment and link. Validation uses the shared
 * schemas, permissions the authorizer, and everything type-specific the
 * handlers, guards and effects of the registry the engine was given.
 * Knows nothing of HTTP, nor of any one process.
 */
export class RecordService {
  constructor(private readonly engine: RecordEngine) {}

  private get store() {
    return this.engine.deps.store;
  }

  private get authorizer() {
    return this.engine.deps.authorizer;
  }

  private get catalog() {
    return this.engine.deps.catalog;
  }

  // ---------------------------------------------------------------------
  // Reads

  async list(
    type: ItsmRecordType,
    params: ListParams,
    caller: Caller,
  ): Promise<ItsmRecordPage<ItsmRecord>> {
    const access = await this.authorizer.listAccess(
      itsmRecordReadPermission,
      caller.credentials,
    );
    if (access.result === 'none') return { items: [], totalCount: 0 };
    const result = await this.store.listRecords({
      ...listQuery(type, params),
      limit: params.limit ?? DEFAULT_LIMIT,
      cursor: params.cursor,
      permissionFilter:
        access.result === 'filtered' ? access.filter : undefined,
    });
    return {
      items: result.items.map(r => this.engine.toApi(r)),
      nextCursor: result.nextCursor,
      totalCount: result.totalCount,
      ...(result.totalCountIsLowerBound
        ? { totalCountIsLowerBound: true }
        : {}),
    };
  }

  /** {@inheritDoc listAllRecords} */
  listAll(
    type: ItsmRecordType,
    params: Omit<ListParams, 'limit' | 'cursor'>,
    caller: Caller,
  ): AsyncGenerator<ItsmRecord[]> {
    return listAllRecords(this.engine, type, params, caller);
  }

  async get(
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
  ): Promise<RecordDetail> {
    const record = await this.engine.readable(type, idOrKey, caller);
    const links = await this.engine.linkedRecords(record.id);
    const detail: RecordDetail = {
      ...this.engine.toApi(record),
      links: links.map(toLink),
    };
    if (this.engine.handler(type).hasApprovals) {
      detail.approvals = (await this.store.listApprovals(record.id)).map(
        toApproval,
      );
    }
    return detail;
  }

  /** The roles of a record the caller may read, and the roles the caller acts in. */
  async roles(
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
  ): Promise<{
    key: string;
    roles: ResolvedRole[];
    callerRoles: ActorRole[];
  }> {
    const record = await this.engine.readable(type, idOrKey, caller);
    const roles = await this.engine.deps.roles.recordRoles(record, caller);
    return {
      key: record.key,
      roles,
      callerRoles: roles.filter(r => actsIn(caller.claims, r)).map(r => r.role),
    };
  }

  async history(
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
  ): Promise<{ items: ItsmHistoryEntry[] }> {
    const record = await this.engine.readable(type, idOrKey, caller);
    const entries = await this.store.listHistory(record.id);
    return {
      items: entries.map(toHistoryEntry),
    };
  }

  /** {@inheritDoc listComments} */
  comments(
    type: ItsmRecordType,
    idOrKey: string,
    params: { limit?: number; cursor?: string },
    caller: Caller,
  ): Promise<ItsmPage<ItsmComment>> {
    const { limit = DEFAULT_LIMIT, cursor } = params;
    return listComments(this.engine, type, idOrKey, { limit, cursor }, caller);
  }

  // ---------------------------------------------------------------------
  // Writes

  /**
   * Creates a record. `options` let another service add to the creating
   * transaction (a release plan registers its change there): records to
   * link and a write that rolls the create back when it throws.
   */
  async create(
    type: ItsmRecordType,
    body: unknown,
    caller: Caller,
    options: Pick<RecordDraft, 'linkTo' | 'inTransaction'> & {
      idempotency?: IdempotencyClaim;
    } = {},
  ): Promise<ItsmRecord> {
    return idempotentWrite(
      this.store,
      options.idempotency,
      this.engine.now(),
      claimIn => this.createOnce(type, body, caller, options, claimIn),
      201,
    );
  }

  private async createOnce(
    type: ItsmRecordType,
    body: unknown,
    caller: Caller,
    options: Pick<RecordDraft, 'linkTo' | 'inTransaction'>,
    claimIn?: (tx: ItsmStoreTransaction, answer: ItsmRecord) => Promise<void>,
  ): Promise<ItsmRecord> {
    const handler = this.engine.handler(type);
    const input = parseInput(CREATE_SCHEMAS[type], body);
    await assertTypePermission(this.authorizer, handler, caller);
    await this.authorizer.assertAllowed(
      itsmRecordCreatePermission,
      caller.credentials,
    );
    const now = this.engine.now();
    const facts = await this.catalog.requireEntities(
      input.entityRefs,
      caller.credentials,
    );
    const ctx = handlerContext(
      this.engine.deps,
      caller,
      now,
      facts,
      pendingRecord(type, input, facts, caller, now),
    );
    const draft = await handler.create(input, ctx);
    let data: Record<string, unknown> = {
      ...draft.data,
      systemRefs: systemRefsOf(facts),
    };
    const entityRefs = facts.map(f => f.entityRef);
    const ownerRefs = ownerRefsOf(facts);
    if (handler.completeCreate) {
      data = await handler.completeCreate(
        { id: '', key: '', entityRefs, ownerRefs, data },
        caller,
      );
    }
    return this.engine.audited('record-create', { type }, async () => {
      const record = await this.store.transaction(async tx => {
        const created = await tx.insertRecord({
          id: randomUUID(),
          type,
          title: input.title,
          description: input.description ?? '',
          state: draft.state ?? STATE_MACHINES[type].initial,
          priority: draft.priority,
          assignedGroup: draft.assignedGroup,
          assignee: draft.assignee,
          entityRefs,
          ownerRefs,
          data,
          createdBy: draft.requester ?? caller.userRef,
          updatedBy: caller.userRef,
          now,
        });
        await draft.inTransaction?.(tx, created);
        await options.inTransaction?.(tx, created);
        const history: NewHistoryEntry[] = [
          {
            at: now,
            actor: caller.userRef,
            action: 'created',
            field: null,
            from: null,
            to: { state: created.state, title: created.title },
          },
          ...onBehalfHistory(draft, caller, now),
          ...(await linkNamedRecords(
            this.engine,
            tx,
            created,
            [...(draft.linkTo ?? []), ...(options.linkTo ?? [])],
            caller,
            now,
          )),
        ];
        await tx.appendHistory(created.id, history);
        await claimIn?.(tx, this.engine.toApi(created));
        return created;
      });
      return this.engine.toApi(record);
    });
  }

  update(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    return updateRecord(this.engine, type, idOrKey, body, caller);
  }

  async transition(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
    options: { idempotency?: IdempotencyClaim } = {},
  ): Promise<ItsmRecord> {
    return idempotentWrite(
      this.store,
      options.idempotency,
      this.engine.now(),
      claimIn => this.transitionOnce(type, idOrKey, body, caller, claimIn),
    );
  }

  private async transitionOnce(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
    claimIn?: (tx: ItsmStoreTransaction, answer: ItsmRecord) => Promise<void>,
  ): Promise<ItsmRecord> {
    const handler = this.engine.handler(type);
    const derivation = handler.derived;
    const input = parseInput(transitionSchema, body);
    const { catalog } = this.engine.deps;
    await catalog.requireRefs(
      'group',
      { assignedGroup: input.assignedGroup },
      caller.credentials,
    );
    await catalog.requireRefs(
      'user',
      { assignee: input.assignee },
      caller.credentials,
    );
    // Some states decide on fresh derived data (a change's assessment),
    // computed before the transaction on the version the caller saw.
    const before = derivation?.staleBeforeTransition(input.to)
      ? await this.store.getRecord(type, idOrKey)
      : undefined;
    const derived =
      before && before.version === input.version
        ? await derivation?.compute(before, caller)
        : undefined;
    return this.engine.audited(
      'record-transition',
      { type, idOrKey, to: input.to },
      async () => {
        const { record, outbox } = await this.store.transaction(async tx => {
          const current = await this.engine.writable(
            tx,
            type,
            idOrKey,
            caller,
            itsmRecordTransitionPermission,
          );
          assertVersion(current, input.version);
          if (!takenByAParty(current, input.to)) {
            await assertTypePermission(this.authorizer, handler, caller);
          }
          // A record the body names by key must be readable (400 otherwise).
          await assertReadableReferences(
            this.engine,
            tx,
            current,
            input,
            caller,
          );
          const fresh = derived
            ? { ...current, data: { ...current.data, ...derived } }
            : current;
          const applied = await this.engine.applyTransition(
            tx,
            fresh,
            input,
            caller,
          );
          await claimIn?.(tx, this.engine.toApi(applied.record));
          return applied;
        });
        await this.engine.deliver(outbox);
        return this.engine.toApi(record);
      },
    );
  }

  /** {@inheritDoc addComment} */
  addComment(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmComment> {
    return addComment(this.engine, type, idOrKey, body, caller);
  }

  addLink(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<{ links: ItsmRecordLink[] }> {
    return addRecordLink(this.engine, type, idOrKey, body, caller);
  }

  removeLink(
    type: ItsmRecordType,
    idOrKey: string,
    targetKey: string,
    caller: Caller,
  ): Promise<void> {
    return removeRecordLink(this.engine, type, idOrKey, targetKey, caller);
  }
}

/** "Registered on behalf of": the agent's create names the requester. */
function onBehalfHistory(
  draft: RecordDraft,
  caller: Caller,
  now: string,
): NewHistoryEntry[] {
  if (!draft.requester) return [];
  return [
    {
      at: now,
      actor: caller.userRef,
      action: 'registered-on-behalf',
      field: 'requester',
      from: caller.userRef,
      to: draft.requester,
    },
  ];
}
