import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  approvalSchema,
  ChangeApprover,
  ChangeAssessment,
  commentSchema,
  CREATE_SCHEMAS,
  describeIllegalTransition,
  findTransition,
  isTerminalState,
  ITSM_RECORD_TYPE_INFO,
  ItsmApproval,
  ItsmComment,
  ItsmHistoryEntry,
  ItsmPage,
  ItsmRecord,
  ItsmRecordLink,
  ItsmRecordType,
  itsmChangeApprovePermission,
  itsmCommentCreatePermission,
  itsmRecordCreatePermission,
  itsmRecordReadPermission,
  itsmRecordTransitionPermission,
  itsmRecordUpdatePermission,
  itsmSlaManagePermission,
  linkSchema,
  recordTypeOfKey,
  signatureSchema,
  STATE_MACHINES,
  TransitionDef,
  TransitionRequest,
  transitionSchema,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { ItsmConfig } from '../config';
import {
  ItsmStore,
  ItsmStoreTransaction,
  NewHistoryEntry,
  StoredRecord,
} from '../store/types';
import { withAudit } from './audit';
import { CatalogLookup, EntityFacts } from './CatalogLookup';
import { ChangeAssessor } from './ChangeAssessor';
import { Notifier } from './Notifier';
import { RecordAuthorizer } from './RecordAuthorizer';
import { Caller, HandlerContext, HANDLERS } from './records';
import {
  assertVersion,
  describeLinkable,
  diffHistory,
  linkedRecordsOf,
  readableRecord,
  recordNotFound,
  linkDirection,
  parseInput,
  toApiRecord,
  toLink,
} from './recordUtils';
import {
  applyTransitionFields,
  EFFECTS,
  GUARDS,
  pendingApprovers,
  serviceOwnerApprovers,
  TransitionContext,
  TransitionPatch,
} from './transitions';

/** Query of a record list, as the router parsed it. */
export interface ListParams {
  entityRefs?: string[];
  states?: string[];
  priorities?: string[];
  assignedGroups?: string[];
  q?: string;
  limit?: number;
  cursor?: string;
}

/** A record with the records linked to it (and, for changes, its approvals). */
export type RecordDetail = ItsmRecord & {
  links: ItsmRecordLink[];
  approvals?: ItsmApproval[];
};

/** Derives who must approve a change; the CMDB service plugs in here. */
export type ApproverResolver = (
  change: StoredRecord,
  caller: Caller,
) => Promise<ChangeApprover[]>;

/** Change states entered with a freshly computed assessment. */
const REASSESS_ON = ['review', 'planning', 'approval', 'scheduled'];

/** The actor of writes the plugin makes on its own (auto-close). */
export const SYSTEM_ACTOR = 'itsm:system';

const DEFAULT_LIMIT = 50;

/** Thrown inside a transaction to leave it without writing. */
class NoChange extends Error {
  constructor(readonly record: StoredRecord) {
    super('no change');
  }
}

/**
 * The business rules of every ITSM record: validation, catalog checks,
 * permissions, state machines with their guards and effects, history and
 * optimistic concurrency. Knows nothing of HTTP.
 */
export class RecordService {
  private readonly resolveApprovers: ApproverResolver;

  constructor(
    private readonly deps: {
      store: ItsmStore;
      catalog: CatalogLookup;
      authorizer: RecordAuthorizer;
      notifier: Notifier;
      config: ItsmConfig;
      logger: LoggerService;
      auditor?: AuditorService;
      /** Change assessment from the CMDB (impact, conflicts, risk, approvers). */
      assessor?: ChangeAssessor;
      clock?: () => Date;
    },
  ) {
    this.resolveApprovers = async (change, caller) => {
      if (!deps.assessor) return serviceOwnerApprovers(change);
      const assessment =
        (change.data.assessment as ChangeAssessment | undefined) ??
        (await deps.assessor.assess(change, caller.credentials));
      return assessment.approvers;
    };
  }

  /** Fields whose change makes a change's assessment stale. */
  private static readonly ASSESSED_FIELDS = [
    'entityRefs',
    'plannedStart',
    'plannedEnd',
    'serviceImpact',
    'functionalChange',
  ];

  private async assessmentOf(
    change: Pick<
      StoredRecord,
      'id' | 'key' | 'entityRefs' | 'ownerRefs' | 'data'
    >,
    caller: Caller,
  ): Promise<ChangeAssessment | undefined> {
    return this.deps.assessor?.assess(change, caller.credentials);
  }

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  // ---------------------------------------------------------------------
  // Reads

  async list(
    type: ItsmRecordType,
    params: ListParams,
    caller: Caller,
  ): Promise<ItsmPage<ItsmRecord>> {
    const access = await this.deps.authorizer.listAccess(
      itsmRecordReadPermission,
      caller.credentials,
    );
    if (access.result === 'none') return { items: [], totalCount: 0 };
    const result = await this.deps.store.listRecords({
      type,
      entityRefs: params.entityRefs,
      states: params.states,
      priorities: params.priorities,
      assignedGroups: params.assignedGroups,
      q: params.q,
      limit: params.limit ?? DEFAULT_LIMIT,
      cursor: params.cursor,
      permissionFilter:
        access.result === 'filtered' ? access.filter : undefined,
    });
    return {
      items: result.items.map(toApiRecord),
      nextCursor: result.nextCursor,
      totalCount: result.totalCount,
    };
  }

  async get(
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
  ): Promise<RecordDetail> {
    const record = await this.readable(type, idOrKey, caller);
    const links = await this.linkedRecords(record.id);
    const detail: RecordDetail = {
      ...toApiRecord(record),
      links: links.map(toLink),
    };
    if (type === 'changes') {
      detail.approvals = (await this.deps.store.listApprovals(record.id)).map(
        toApproval,
      );
    }
    return detail;
  }

  async history(
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
  ): Promise<{ items: ItsmHistoryEntry[] }> {
    const record = await this.readable(type, idOrKey, caller);
    const entries = await this.deps.store.listHistory(record.id);
    return {
      items: entries.map(({ at, actor, action, field, from, to }) => ({
        at,
        actor,
        action,
        field,
        from,
        to,
      })),
    };
  }

  async comments(
    type: ItsmRecordType,
    idOrKey: string,
    params: { limit?: number; cursor?: string },
    caller: Caller,
  ): Promise<ItsmPage<ItsmComment>> {
    const record = await this.readable(type, idOrKey, caller);
    const page = await this.deps.store.listComments(record.id, {
      limit: params.limit ?? DEFAULT_LIMIT,
      cursor: params.cursor,
    });
    return {
      items: page.items.map(({ id, author, body, createdAt }) => ({
        id,
        author,
        body,
        createdAt,
      })),
      nextCursor: page.nextCursor,
      totalCount: page.totalCount,
    };
  }

  async approvals(
    idOrKey: string,
    caller: Caller,
  ): Promise<{
    required: ChangeApprover[];
    approvals: ItsmApproval[];
    pending: string[];
  }> {
    const change = await this.readable('changes', idOrKey, caller);
    const approvals = await this.deps.store.listApprovals(change.id);
    return {
      required: (change.data.requiredApprovers as ChangeApprover[]) ?? [],
      approvals: approvals.map(toApproval),
      pending: pendingApprovers(change, approvals),
    };
  }

  // ---------------------------------------------------------------------
  // Writes

  async create(
    type: ItsmRecordType,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const input = parseInput(CREATE_SCHEMAS[type], body);
    if (type === 'slas') {
      await this.deps.authorizer.assertAllowed(
        itsmSlaManagePermission,
        caller.credentials,
      );
    }
    await this.deps.authorizer.assertAllowed(
      itsmRecordCreatePermission,
      caller.credentials,
    );
    const now = this.now();
    const facts = await this.deps.catalog.requireEntities(
      input.entityRefs,
      caller.credentials,
    );
    const ctx = this.handlerContext(caller, now, facts);
    const draft = await HANDLERS[type].create(input, ctx);
    let data: Record<string, unknown> = {
      ...draft.data,
      systemRefs: systemRefsOf(facts),
    };
    const entityRefs = facts.map(f => f.entityRef);
    const ownerRefs = ownerRefsOf(facts);
    if (type === 'changes') {
      const pending = {
        id: '',
        key: '',
        entityRefs,
        ownerRefs,
        data,
      } as StoredRecord;
      const assessment = await this.assessmentOf(pending, caller);
      if (assessment) data = { ...data, assessment };
      if (data.changeType === 'emergency') {
        // The service owner approves an emergency change retroactively.
        data.requiredApprovers = await this.resolveApprovers(
          { ...pending, data },
          caller,
        );
      }
    }
    return this.audited('record-create', { type }, async () => {
      const record = await this.deps.store.transaction(async tx => {
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
          createdBy: caller.userRef,
          now,
        });
        const history: NewHistoryEntry[] = [
          {
            at: now,
            actor: caller.userRef,
            action: 'created',
            field: null,
            from: null,
            to: { state: created.state, title: created.title },
          },
        ];
        for (const key of draft.linkTo ?? []) {
          const other = await this.requireByKey(tx, key, 'incidentKey');
          await this.linkInTx(tx, created, other, caller, now);
          history.push({
            at: now,
            actor: caller.userRef,
            action: 'linked',
            field: other.type,
            from: null,
            to: other.key,
          });
        }
        await tx.appendHistory(created.id, history);
        return created;
      });
      return toApiRecord(record);
    });
  }

  async update(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const input = parseInput(UPDATE_SCHEMAS[type], body);
    const { version, title, description, entityRefs, ...fields } = input;
    const now = this.now();
    const facts = entityRefs
      ? await this.deps.catalog.requireEntities(entityRefs, caller.credentials)
      : undefined;
    const stale =
      type === 'changes' &&
      RecordService.ASSESSED_FIELDS.some(f =>
        f === 'entityRefs'
          ? !!facts
          : (fields as Record<string, unknown>)[f] !== undefined,
      );
    // The assessment reads the catalog and other records, so it is computed
    // before the transaction (holding no lock) on the version the caller saw.
    const before = stale
      ? await this.deps.store.getRecord(type, idOrKey)
      : undefined;
    const assessment =
      before && before.version === version
        ? await this.assessmentOf(
            {
              ...before,
              entityRefs: facts?.map(f => f.entityRef) ?? before.entityRefs,
              ownerRefs: facts ? ownerRefsOf(facts) : before.ownerRefs,
              data: { ...before.data, ...fields },
            },
            caller,
          )
        : undefined;
    return this.audited('record-update', { type, idOrKey }, async () => {
      const updated = await this.deps.store
        .transaction(async tx => {
          const record = await this.writable(
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
          const ctx = this.handlerContext(caller, now, facts ?? []);
          const typed = await HANDLERS[type].update(fields, record, ctx);
          const data: Record<string, unknown> = facts
            ? { ...typed.data, systemRefs: systemRefsOf(facts) }
            : { ...typed.data };
          if (assessment) data.assessment = assessment;
          const after = await tx.updateRecord(record.id, version, {
            title,
            description,
            entityRefs: facts?.map(f => f.entityRef),
            ownerRefs: facts ? ownerRefsOf(facts) : undefined,
            priority: typed.priority,
            assignedGroup: typed.assignedGroup,
            assignee: typed.assignee,
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
            ['systemRefs', 'assessment'],
          );
          if (entries.length === 0) {
            // Nothing changed: leave the record (and its version) as it was.
            throw new NoChange(record);
          }
          await tx.appendHistory(record.id, entries);
          return after;
        })
        .catch(error => {
          if (error instanceof NoChange) return error.record;
          throw error;
        });
      return toApiRecord(updated);
    });
  }

  async transition(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const input = parseInput(transitionSchema, body);
    // Review, planning and approval decide on a fresh assessment, computed
    // before the transaction on the version the caller saw.
    const before =
      type === 'changes' && REASSESS_ON.includes(input.to)
        ? await this.deps.store.getRecord(type, idOrKey)
        : undefined;
    const assessment =
      before && before.version === input.version
        ? await this.assessmentOf(before, caller)
        : undefined;
    return this.audited(
      'record-transition',
      { type, idOrKey, to: input.to },
      async () => {
        const { record, notifications } = await this.deps.store.transaction(
          async tx => {
            const current = await this.writable(
              tx,
              type,
              idOrKey,
              caller,
              itsmRecordTransitionPermission,
            );
            assertVersion(current, input.version);
            const fresh = assessment
              ? { ...current, data: { ...current.data, assessment } }
              : current;
            return this.applyTransition(tx, fresh, input, caller);
          },
        );
        await this.send(notifications);
        return toApiRecord(record);
      },
    );
  }

  async addComment(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmComment> {
    const input = parseInput(commentSchema, body);
    const now = this.now();
    return this.audited('comment-create', { type, idOrKey }, async () =>
      this.deps.store.transaction(async tx => {
        const record = await this.writable(
          tx,
          type,
          idOrKey,
          caller,
          itsmCommentCreatePermission,
        );
        const comment = await tx.addComment(
          record.id,
          caller.userRef,
          input.body,
          now,
        );
        await tx.appendHistory(record.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'commented',
            field: null,
            from: null,
            to: comment.id,
          },
        ]);
        return {
          id: comment.id,
          author: comment.author,
          body: comment.body,
          createdAt: comment.createdAt,
        };
      }),
    );
  }

  async addLink(
    type: ItsmRecordType,
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<{ links: ItsmRecordLink[] }> {
    const input = parseInput(linkSchema, body);
    const now = this.now();
    return this.audited(
      'link-create',
      { type, idOrKey, target: input.target },
      async () => {
        const recordId = await this.deps.store.transaction(async tx => {
          const record = await this.writable(
            tx,
            type,
            idOrKey,
            caller,
            itsmRecordUpdatePermission,
          );
          const other = await this.requireByKey(tx, input.target, 'target');
          await this.linkInTx(tx, record, other, caller, now);
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
        return { links: (await this.linkedRecords(recordId)).map(toLink) };
      },
    );
  }

  async removeLink(
    type: ItsmRecordType,
    idOrKey: string,
    targetKey: string,
    caller: Caller,
  ): Promise<void> {
    const now = this.now();
    await this.audited(
      'link-delete',
      { type, idOrKey, target: targetKey },
      async () =>
        this.deps.store.transaction(async tx => {
          const record = await this.writable(
            tx,
            type,
            idOrKey,
            caller,
            itsmRecordUpdatePermission,
          );
          const other = await this.requireByKey(tx, targetKey, 'targetKey');
          const direction = linkDirection(record, other);
          const existing = direction
            ? (await tx.listLinks(record.id)).find(
                l =>
                  l.fromId === direction.from.id && l.toId === direction.to.id,
              )
            : undefined;
          if (!direction || !existing) {
            throw new NotFoundError(
              `${record.key} is not linked to ${other.key}`,
            );
          }
          await tx.removeLink(
            direction.from.id,
            direction.to.id,
            direction.kind,
          );
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

  /**
   * An approver's decision on a change. Any member of a required approver
   * group decides for the group; nobody approves their own change. When the
   * last required approval arrives the change is scheduled; a rejection for
   * analysis or planning sends it back to planning, any other ends it.
   */
  async decideApproval(
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const input = parseInput(approvalSchema, body);
    const now = this.now();
    return this.audited(
      'change-approval',
      { idOrKey, decision: input.decision },
      async () => {
        const { record, notifications } = await this.deps.store.transaction(
          async tx => {
            const change = await this.writable(
              tx,
              'changes',
              idOrKey,
              caller,
              itsmChangeApprovePermission,
            );
            const emergency = change.data.changeType === 'emergency';
            const open =
              change.state === 'approval' ||
              (emergency &&
                ['implementing', 'verifying'].includes(change.state));
            if (!open) {
              throw new ConflictError(
                `${change.key} is not awaiting approval (it is ${change.state})`,
              );
            }
            if (change.createdBy === caller.userRef) {
              throw new NotAllowedError(
                `Nobody approves their own proposal: ${caller.userRef} requested ${change.key}`,
              );
            }
            const current = (await tx.listApprovals(change.id)).filter(
              a => !a.superseded,
            );
            const required =
              (change.data.requiredApprovers as ChangeApprover[]) ?? [];
            const stillPending = new Set(pendingApprovers(change, current));
            const rejected = new Set(
              current
                .filter(a => a.decision === 'reject')
                .map(a => a.approverRef),
            );
            const decided = new Set(
              required
                .map(r => r.approverRef)
                .filter(ref => !stillPending.has(ref) || rejected.has(ref)),
            );
            let mine = required.filter(
              r =>
                caller.claims.includes(r.approverRef) &&
                !decided.has(r.approverRef) &&
                // Each member counts once towards a group's quorum.
                !current.some(
                  a =>
                    a.approverRef === r.approverRef &&
                    a.decidedBy === caller.userRef,
                ),
            );
            if (input.approverRef)
              mine = mine.filter(r => r.approverRef === input.approverRef);
            if (mine.length === 0) {
              const pending = required
                .filter(r => !decided.has(r.approverRef))
                .map(r => r.approverRef);
              throw new NotAllowedError(
                pending.length
                  ? `You do not represent any pending approver of ${
                      change.key
                    } (pending: ${pending.join(', ')})`
                  : `${change.key} has no pending approvals`,
              );
            }
            for (const r of mine) {
              await tx.addApproval({
                recordId: change.id,
                approverRef: r.approverRef,
                decision: input.decision,
                reason: input.reason ?? null,
                decidedBy: caller.userRef,
                decidedAt: now,
                superseded: false,
              });
            }
            await tx.appendHistory(
              change.id,
              mine.map(r => ({
                at: now,
                actor: caller.userRef,
                action: input.decision === 'approve' ? 'approved' : 'rejected',
                field: 'approval',
                from: r.approverRef,
                to: input.reason ?? null,
              })),
            );
            // An approval is a write: the version moves on.
            const touched = await tx.updateRecord(change.id, change.version, {
              updatedBy: caller.userRef,
              now,
            });
            if (change.state !== 'approval') {
              return { record: touched, notifications: [] };
            }
            let to: string | undefined;
            if (input.decision === 'reject') {
              to = input.rejection === 'planning' ? 'planning' : 'rejected';
            } else if (
              pendingApprovers(change, await tx.listApprovals(change.id))
                .length === 0
            ) {
              to = 'scheduled';
            }
            if (!to) return { record: touched, notifications: [] };
            return this.applyTransition(
              tx,
              touched,
              { to, version: touched.version, reason: input.reason },
              caller,
            );
          },
        );
        await this.send(notifications);
        return toApiRecord(record);
      },
    );
  }

  /** A customer representative or service owner signs a draft SLA. */
  async sign(
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const input = parseInput(signatureSchema, body);
    const now = this.now();
    return this.audited('sla-sign', { idOrKey, role: input.role }, async () => {
      const record = await this.deps.store.transaction(async tx => {
        const sla = await this.writable(
          tx,
          'slas',
          idOrKey,
          caller,
          itsmRecordUpdatePermission,
        );
        if (sla.state !== 'draft') {
          throw new ConflictError(
            `${sla.key} is ${sla.state}; only a draft SLA is signed`,
          );
        }
        const group = String(
          input.role === 'customer'
            ? sla.data.customerGroup
            : sla.data.serviceOwnerGroup,
        );
        if (!caller.claims.includes(group)) {
          throw new NotAllowedError(
            `Only a member of ${group} signs ${sla.key} as ${
              input.role === 'customer'
                ? 'customer representative'
                : 'service owner'
            }`,
          );
        }
        const signatures = {
          ...(sla.data.signatures as object),
          [input.role]: { by: caller.userRef, at: now },
        };
        const after = await tx.updateRecord(sla.id, sla.version, {
          data: { ...sla.data, signatures },
          updatedBy: caller.userRef,
          now,
        });
        await tx.appendHistory(sla.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'signed',
            field: input.role,
            from: null,
            to: caller.userRef,
          },
        ]);
        return after;
      });
      return toApiRecord(record);
    });
  }

  /**
   * Closes incidents resolved longer ago than itsm.incidents.autoCloseAfter.
   * Safe to run on several instances: each close is a versioned write.
   */
  async autoCloseResolvedIncidents(caller: Caller): Promise<string[]> {
    const now = this.now();
    const before = new Date(
      Date.parse(now) - this.deps.config.autoCloseAfterMs,
    ).toISOString();
    const due = await this.deps.store.listRecordsInStateSince(
      'incidents',
      'resolved',
      before,
    );
    const closed: string[] = [];
    for (const candidate of due) {
      try {
        await this.deps.store.transaction(async tx => {
          const current = await tx.getRecordForUpdate(
            'incidents',
            candidate.id,
          );
          if (
            !current ||
            current.state !== 'resolved' ||
            current.stateChangedAt > before
          )
            return;
          await this.applyTransition(
            tx,
            current,
            {
              to: 'closed',
              version: current.version,
              reason: 'closed automatically after the verification period',
            },
            caller,
          );
          closed.push(current.key);
        });
      } catch (error) {
        this.deps.logger.warn(
          `Auto-close of ${candidate.key} failed: ${error}`,
        );
      }
    }
    return closed;
  }

  // ---------------------------------------------------------------------
  // Internals

  private async applyTransition(
    tx: ItsmStoreTransaction,
    record: StoredRecord,
    input: Partial<TransitionRequest> & { to: string },
    caller: Caller,
  ): Promise<{
    record: StoredRecord;
    notifications: TransitionPatch['notifications'];
  }> {
    const type = record.type;
    const def = findTransition(type, record.state, input.to);
    if (!def) {
      throw new ConflictError(
        describeIllegalTransition(type, record.state, input.to),
      );
    }
    this.checkTransitionInput(record, def, input);
    const now = this.now();
    const created: StoredRecord[] = [];
    let linkedCache: StoredRecord[] | undefined;
    const ctx: TransitionContext = {
      tx,
      store: this.deps.store,
      record,
      def,
      input,
      caller,
      now,
      config: this.deps.config,
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
        created.push(rec);
        return rec;
      },
      link: async other => {
        await this.linkInTx(tx, record, other, caller, now);
        linkedCache = undefined;
      },
      unlink: async other => {
        const direction = linkDirection(record, other);
        if (direction)
          await tx.removeLink(
            direction.from.id,
            direction.to.id,
            direction.kind,
          );
        linkedCache = undefined;
      },
      resolveApprovers: () => this.resolveApprovers(record, caller),
    };
    for (const guard of def.guards) {
      const failure = await GUARDS[guard](ctx);
      if (failure) {
        throw new ConflictError(
          `Cannot ${def.label.toLowerCase()} ${record.key}: ${failure}`,
        );
      }
    }
    const patch: TransitionPatch = {
      state: def.to,
      data: { ...record.data },
      notifications: [],
      notes: [],
    };
    applyTransitionFields(ctx, patch);
    for (const effect of def.effects ?? []) {
      await EFFECTS[effect as keyof typeof EFFECTS](ctx, patch);
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
        'assessment',
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
    if (input.reason) {
      entries.push({
        at: now,
        actor: caller.userRef,
        action: def.action,
        field: 'reason',
        from: null,
        to: input.reason,
      });
    }
    await tx.appendHistory(record.id, entries);
    return { record: after, notifications: patch.notifications };
  }

  private checkTransitionInput(
    record: StoredRecord,
    def: TransitionDef,
    input: Partial<TransitionRequest>,
  ) {
    const verb = `${def.label.toLowerCase()} ${record.key}`;
    if (def.requiresReason && !input.reason) {
      throw new InputError(`reason: a reason is required to ${verb}`);
    }
    for (const field of def.requiredFields ?? []) {
      if ((input as Record<string, unknown>)[field] === undefined) {
        throw new InputError(`${field}: is required to ${verb}`);
      }
    }
  }

  private handlerContext(
    caller: Caller,
    now: string,
    facts: EntityFacts[],
  ): HandlerContext {
    return {
      caller,
      now,
      config: this.deps.config,
      catalog: this.deps.catalog,
      facts,
    };
  }

  private readable(type: ItsmRecordType, idOrKey: string, caller: Caller) {
    return readableRecord(this.deps, type, idOrKey, caller);
  }

  private async writable(
    tx: ItsmStoreTransaction,
    type: ItsmRecordType,
    idOrKey: string,
    caller: Caller,
    permission: Parameters<RecordAuthorizer['assertRecord']>[0],
  ) {
    const record = await tx.getRecordForUpdate(type, idOrKey);
    if (!record) throw recordNotFound(type, idOrKey);
    await this.deps.authorizer.assertRecord(
      permission,
      record,
      caller.credentials,
    );
    return record;
  }

  private async requireByKey(
    tx: ItsmStoreTransaction,
    key: string,
    field: string,
  ) {
    const type = recordTypeOfKey(key);
    const record = type ? await tx.getRecordForUpdate(type, key) : undefined;
    if (!record)
      throw new InputError(`${field}: no ITSM record with key "${key}"`);
    return record;
  }

  private async linkInTx(
    tx: ItsmStoreTransaction,
    a: StoredRecord,
    b: StoredRecord,
    caller: Caller,
    now: string,
  ) {
    const direction = linkDirection(a, b);
    if (!direction) {
      throw new InputError(
        `target: a ${ITSM_RECORD_TYPE_INFO[
          a.type
        ].singular.toLowerCase()} links only to ${describeLinkable(
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

  private linkedRecords(recordId: string): Promise<StoredRecord[]> {
    return linkedRecordsOf(this.deps.store, recordId);
  }

  private async send(notifications: TransitionPatch['notifications']) {
    for (const n of notifications) await this.deps.notifier.notify(n);
  }

  private audited<T>(
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

function ownerRefsOf(facts: EntityFacts[]): string[] {
  return Array.from(new Set(facts.flatMap(f => f.ownerRefs)));
}

function systemRefsOf(facts: EntityFacts[]): string[] {
  return Array.from(
    new Set(facts.map(f => f.systemRef).filter((s): s is string => !!s)),
  );
}

function toApproval(a: {
  approverRef: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  decidedBy: string;
  decidedAt: string;
  superseded: boolean;
}): ItsmApproval {
  return {
    approverRef: a.approverRef,
    decision: a.decision,
    reason: a.reason,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    superseded: a.superseded,
  };
}
