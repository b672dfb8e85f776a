import {
  CabOutcome,
  EffectName,
  findTransition,
  GuardName,
  ITSM_RECORD_TYPE_INFO,
  TransitionDef,
  TransitionRequest,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import { Caller, TransitionContext, TransitionPatch } from '../engine/types';
import {
  ItsmStore,
  ItsmStoreTransaction,
  ListRecordsQuery,
  StoredApproval,
  StoredRecord,
} from '../store/types';
import { ReleasePlanEntry } from '../store/releasePlanTypes';
import { amara, T1 } from './fixtures';

/*
 * Guards and effects as functions: a transition context built by hand around
 * a record, with its linked records, approvals and the other records the
 * transaction can find held in memory. No database, no backend.
 */

/** A hand-built transition and what its rules did to the world around it. */
export interface FakeTransition {
  ctx: TransitionContext;
  /** The patch an effect builds up (state = the target state). */
  patch: TransitionPatch;
  /**
   * What the rules did through the context, in order: `link CHG-2`,
   * `unlink REL-1`, `linkPair CHG-2 REL-3`, `create REL-3`, `supersede CHG-1`,
   * `history REL-4: plan_update`.
   */
  log: string[];
  /** The records created through ctx.createRecord. */
  created: StoredRecord[];
}

export interface FakeTransitionOptions {
  record: StoredRecord;
  /** The target state; the machine's transition from the record's state when there is one. */
  to?: string;
  input?: Partial<TransitionRequest>;
  caller?: Caller;
  /** Records linked to `record` (either direction). */
  linked?: StoredRecord[];
  /** Approvals of `record`, superseded ones included. */
  approvals?: StoredApproval[];
  /** Further records the transaction finds (getRecordForUpdate, listRecords). */
  records?: StoredRecord[];
  /** What the CAB decided on records, by id (`tx.cabDecisionOf`). */
  cabDecisions?: Record<string, CabOutcome>;
  /** The CAB members of releases a meeting registered, by release id. */
  cabMembers?: Record<string, string[]>;
  /** The release plan entries of changes, by change id (`tx.releasePlans`). */
  releasePlans?: Record<string, ReleasePlanEntry>;
}

const notFaked = (name: string) => () => {
  throw new Error(`${name} is not faked in transitionContext.ts`);
};

/** A transition of `record` with everything a guard or effect may ask for. */
export function fakeTransition(options: FakeTransitionOptions): FakeTransition {
  const { record } = options;
  const to = options.to ?? record.state;
  const def: TransitionDef = findTransition(record.type, record.state, to) ?? {
    from: record.state,
    to,
    action: 'move',
    label: 'Move',
    guards: [],
    requiresReason: false,
    roles: [],
  };
  const log: string[] = [];
  const created: StoredRecord[] = [];
  let linked = [...(options.linked ?? [])];
  const world = () => [
    record,
    ...linked,
    ...(options.records ?? []),
    ...created,
  ];

  // The backlogs are the backlog releases of the world, by first entity.
  const backlogOf = (refs: readonly string[]) => {
    const backlogs = world().filter(
      r => r.type === 'releases' && r.state === RELEASE_BACKLOG_STATE,
    );
    return refs
      .map(ref => backlogs.find(b => b.entityRefs[0] === ref)?.id)
      .find(Boolean);
  };

  const tx = {
    async getRecordForUpdate(type, idOrKey) {
      return world().find(
        r => r.type === type && (r.id === idOrKey || r.key === idOrKey),
      );
    },
    async listRecords(query: ListRecordsQuery) {
      const items = world().filter(
        r =>
          r.type === query.type &&
          (!query.states || query.states.includes(r.state)) &&
          (!query.entityRefs ||
            r.entityRefs.some(e => query.entityRefs!.includes(e))),
      );
      return {
        items: items.slice(0, query.limit),
        totalCount: items.length,
      };
    },
    async supersedeApprovals(recordId) {
      log.push(`supersede ${world().find(r => r.id === recordId)?.key}`);
    },
    insertRecord: notFaked('tx.insertRecord'),
    updateRecord: notFaked('tx.updateRecord'),
    async appendHistory(recordId: string, entries: Array<{ action: string }>) {
      const key = world().find(r => r.id === recordId)?.key;
      for (const e of entries) log.push(`history ${key}: ${e.action}`);
    },
    addComment: notFaked('tx.addComment'),
    addLink: notFaked('tx.addLink'),
    removeLink: notFaked('tx.removeLink'),
    addApproval: notFaked('tx.addApproval'),
    async getRecordsByIds(ids: string[]) {
      return world().filter(r => ids.includes(r.id));
    },
    listLinks: notFaked('tx.listLinks'),
    listApprovals: notFaked('tx.listApprovals'),
    claimSlaWarnings: notFaked('tx.claimSlaWarnings'),
    claimOutageEscalation: notFaked('tx.claimOutageEscalation'),
    cabDecisionOf: async (id: string) => options.cabDecisions?.[id],
    cabMembersOfRelease: async (id: string) => options.cabMembers?.[id] ?? [],
    cab: {
      claimCirculation: notFaked('tx.cab.claimCirculation'),
      setRelease: notFaked('tx.cab.setRelease'),
    },
    releasePlans: {
      add: notFaked('tx.releasePlans.add'),
      ofRelease: async (id: string) =>
        Object.values(options.releasePlans ?? {}).filter(
          p => p.releaseId === id,
        ),
      ofChange: async (id: string) => options.releasePlans?.[id],
      includedByCab: notFaked('tx.releasePlans.includedByCab'),
    },
    idempotency: { claim: notFaked('tx.idempotency.claim') },
    outbox: { enqueue: notFaked('tx.outbox.enqueue') },
    releaseBacklogOf: async (refs: readonly string[]) => backlogOf(refs),
    claimReleaseBacklog: async (ref: string) => !backlogOf([ref]),
    async setReleaseBacklog(ref: string, releaseId: string) {
      log.push(
        `backlog of ${ref}: ${world().find(r => r.id === releaseId)?.key}`,
      );
    },
  } satisfies ItsmStoreTransaction;

  const caller = options.caller ?? amara;
  const ctx: TransitionContext = {
    tx,
    store: {} as ItsmStore, // no rule reads outside its transaction
    record,
    def,
    input: { to, ...options.input },
    caller,
    now: T1,
    linked: async () => [...linked],
    currentApprovals: async () =>
      (options.approvals ?? []).filter(a => !a.superseded),
    async createRecord(r) {
      const { keyPrefix } = ITSM_RECORD_TYPE_INFO[r.type];
      const seq =
        Math.max(
          0,
          ...world()
            .filter(o => o.type === r.type)
            .map(o => o.seq),
        ) + 1;
      const rec: StoredRecord = {
        ...r,
        id: `id-${keyPrefix}-${seq}`,
        key: `${keyPrefix}-${seq}`,
        seq,
        priority: null,
        assignee: null,
        createdBy: caller.userRef,
        updatedBy: caller.userRef,
        createdAt: T1,
        updatedAt: T1,
        stateChangedAt: T1,
        version: 1,
      };
      created.push(rec);
      log.push(`create ${rec.key}`);
      return rec;
    },
    async link(other) {
      log.push(`link ${other.key}`);
      linked.push(other);
    },
    async unlink(other) {
      log.push(`unlink ${other.key}`);
      linked = linked.filter(r => r.id !== other.id);
    },
    async linkPair(a, b) {
      log.push(`linkPair ${a.key} ${b.key}`);
    },
  };
  const patch: TransitionPatch = {
    state: to,
    data: { ...record.data },
    notifications: [],
    notes: [],
  };
  return { ctx, patch, log, created };
}

/**
 * The tests of one guard. src/wiring.test.ts finds these blocks and fails
 * when a guard of the registry has none.
 */
export function describeGuard(name: GuardName, tests: () => void) {
  describe(`guard ${name}`, () => {
    tests();
  });
}

/**
 * The tests of one effect. src/wiring.test.ts finds these blocks and fails
 * when an effect of the registry has none.
 */
export function describeEffect(name: EffectName, tests: () => void) {
  describe(`effect ${name}`, () => {
    tests();
  });
}
