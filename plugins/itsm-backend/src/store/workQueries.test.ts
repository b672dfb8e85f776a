import {
  actsIn,
  ChangeApprover,
  decidedApproverRefs,
  decidesFor,
  isApprovalRoundOpen,
  isOpenState,
  ITSM_RECORD_TYPES,
  ItsmRecordType,
  parseRoleHolders,
  SLA_MACHINE,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { randomUUID as uuid } from 'node:crypto';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { BulkRecord, bulkInsertRecords } from './bulkInsert';
import { RecordFilter, StoredApproval } from './types';
import { WorkQuery, WorkSection } from './workTypes';

jest.setTimeout(300_000);

/*
 * Each section of "My work" is one query (store/workQueries.ts). Here a few
 * thousand random records, approvals and signatures are written, and every
 * page of every section, for several callers, with and without a permission
 * filter, is compared with the same question answered in memory by the
 * shared rules (isOpenState, isApprovalRoundOpen, decidesFor,
 * decidedApproverRefs as ChangeApprovals.decideApproval applies them).
 */

const USERS = Array.from({ length: 8 }, (_, i) => `user:default/u${i}`);
const GROUPS = Array.from({ length: 5 }, (_, i) => `group:default/g${i}`);
const SECTIONS: WorkSection[] = [
  'assigned',
  'groups',
  'approvals',
  'signatures',
];

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];
  const maybe = <T>(p: number, value: () => T): T | null =>
    next() < p ? value() : null;
  return { next, pick, maybe };
}

interface Generated {
  record: BulkRecord['record'];
  approvals: Array<Omit<StoredApproval, 'id'>>;
}

function generate(count: number, seed: number): Generated[] {
  const r = random(seed);
  const result: Generated[] = [];
  for (let i = 0; i < count; i++) {
    let type: ItsmRecordType = r.pick(ITSM_RECORD_TYPES);
    if (r.next() < 0.3) type = 'changes';
    else if (r.next() < 0.3) type = 'slas';
    let state = r.pick(STATE_MACHINES[type].states);
    if (type === 'changes' && r.next() < 0.5) {
      state = r.pick(['approval', 'implementing', 'verifying']);
    }
    if (type === 'slas' && r.next() < 0.6) state = SLA_MACHINE.initial;
    // Few distinct instants: ties are broken by id.
    const createdAt = new Date(
      Date.UTC(2026, 0, 1) + Math.floor(r.next() * 400) * 60_000,
    ).toISOString();
    const data: Record<string, unknown> = {};
    const approvals: Generated['approvals'] = [];
    const id = uuid();
    if (type === 'changes') {
      data.changeType = r.pick(['standard', 'normal', 'emergency']);
      const required: ChangeApprover[] = [];
      const n = Math.floor(r.next() * 4);
      for (let k = 0; k < n; k++) {
        const approverRef = r.pick(GROUPS);
        required.push({
          approverRef,
          reason: 'test',
          ...(r.next() < 0.2 ? { quorum: 2 } : {}),
          ...(r.next() < 0.2
            ? { representatives: [r.pick(USERS), r.pick(USERS)] }
            : {}),
        });
      }
      data.requiredApprovers = required;
      const decisions = Math.floor(r.next() * 4);
      for (let k = 0; k < decisions; k++) {
        approvals.push({
          recordId: id,
          approverRef:
            r.next() < 0.8 && n > 0
              ? r.pick(required).approverRef
              : r.pick(GROUPS),
          decision: r.next() < 0.8 ? 'approve' : 'reject',
          reason: null,
          decidedBy: r.pick(USERS),
          decidedAt: createdAt,
          superseded: r.next() < 0.25,
        });
      }
    }
    if (type === 'slas') {
      data.customerGroup = r.pick(GROUPS);
      data.serviceOwnerGroup = r.pick(GROUPS);
      const signatures: Record<string, { by: string; at: string }> = {};
      if (r.next() < 0.3)
        signatures.customer = { by: r.pick(USERS), at: createdAt };
      if (r.next() < 0.3)
        signatures.serviceOwner = { by: r.pick(USERS), at: createdAt };
      data.signatures = signatures;
    }
    result.push({
      record: {
        id,
        type,
        title: `${type} ${i}`,
        description: '',
        state,
        priority: null,
        assignedGroup: r.maybe(0.6, () => r.pick(GROUPS)),
        assignee: r.maybe(0.5, () => r.pick(USERS)),
        entityRefs: [],
        ownerRefs: [],
        data,
        createdBy: r.pick(USERS),
        updatedBy: USERS[0],
        createdAt,
        updatedAt: createdAt,
        stateChangedAt: createdAt,
        version: 1,
      },
      approvals,
    });
  }
  return result;
}

interface Caller {
  userRef: string;
  claims: string[];
}

/** The section answered in memory by the shared rules. */
function expected(
  all: Generated[],
  section: WorkSection,
  caller: Caller,
  readable: (g: Generated) => boolean,
): string[] {
  const groups = caller.claims.filter(c => c.startsWith('group:'));
  const matches = all.filter(({ record, approvals }) => {
    if (!readable({ record, approvals })) return false;
    switch (section) {
      case 'assigned':
        return (
          record.assignee === caller.userRef &&
          isOpenState(record.type, record.state)
        );
      case 'groups':
        return (
          !!record.assignedGroup &&
          groups.includes(record.assignedGroup) &&
          isOpenState(record.type, record.state)
        );
      case 'approvals': {
        if (record.type !== 'changes') return false;
        const open = isApprovalRoundOpen({
          state: record.state,
          changeType: record.data.changeType as string,
        });
        if (!open || record.createdBy === caller.userRef) return false;
        const current = approvals.filter(a => !a.superseded);
        const required = record.data.requiredApprovers as ChangeApprover[];
        const decided = new Set(decidedApproverRefs(required, current));
        return required.some(
          req =>
            decidesFor(caller.claims, req) &&
            !decided.has(req.approverRef) &&
            !current.some(
              a =>
                a.approverRef === req.approverRef &&
                a.decidedBy === caller.userRef,
            ),
        );
      }
      case 'signatures': {
        if (record.type !== 'slas' || record.state !== SLA_MACHINE.initial)
          return false;
        const signed = record.data.signatures as Record<string, { by: string }>;
        if (Object.values(signed).some(s => s.by === caller.userRef))
          return false;
        const customer =
          !signed.customer &&
          groups.includes(String(record.data.customerGroup));
        const owner =
          !signed.serviceOwner &&
          actsIn(caller.claims, {
            role: 'service-owner',
            holders: parseRoleHolders(String(record.data.serviceOwnerGroup)),
            source: 'sla',
          });
        return customer || owner;
      }
      default:
        return false;
    }
  });
  return matches
    .map(g => g.record)
    .sort((a, b) =>
      a.createdAt === b.createdAt
        ? b.id.localeCompare(a.id)
        : b.createdAt.localeCompare(a.createdAt),
    )
    .map(r => r.id);
}

describe.each(ITSM_TEST_DATABASES)('my work queries on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('answers every section, page by page, as the shared rules do over a few thousand records', async () => {
    const all = generate(3000, 21);
    await bulkInsertRecords(
      db.knex,
      RECORD_FACTS,
      all.map(g => ({ record: g.record, approvals: g.approvals })),
    );
    const callers: Caller[] = [
      { userRef: USERS[0], claims: [USERS[0], GROUPS[0]] },
      { userRef: USERS[1], claims: [USERS[1], GROUPS[1], GROUPS[2]] },
      { userRef: USERS[5], claims: [USERS[5]] },
    ];
    // A permission filter as a policy gives it: own requests, or one queue.
    const filter: PermissionCriteria<RecordFilter> = {
      anyOf: [
        { property: 'createdBy', values: [USERS[2], USERS[3]] },
        { property: 'assignedGroup', values: [GROUPS[1]] },
      ],
    };
    const passes = (g: Generated) =>
      [USERS[2], USERS[3]].includes(g.record.createdBy) ||
      g.record.assignedGroup === GROUPS[1];
    let nonEmpty = 0;
    for (const caller of callers) {
      for (const section of SECTIONS) {
        for (const filtered of [false, true]) {
          const want = expected(all, section, caller, g =>
            filtered ? passes(g) : true,
          );
          if (want.length > 0) nonEmpty++;
          const got: string[] = [];
          let cursor: string | undefined;
          let first: number | undefined;
          do {
            const query: WorkQuery = {
              section,
              userRef: caller.userRef,
              claims: caller.claims,
              customerGroups: caller.claims.filter(c => c.startsWith('group:')),
              limit: 37,
              cursor,
              permissionFilter: filtered ? filter : undefined,
            };
            const page = await db.store.listWork(query);
            first ??= page.totalCount;
            got.push(...page.items.map(r => r.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect({ caller: caller.userRef, section, filtered, got }).toEqual({
            caller: caller.userRef,
            section,
            filtered,
            got: want,
          });
          expect(first).toBe(want.length);
        }
      }
    }
    // The data exercises every section.
    expect(nonEmpty).toBeGreaterThanOrEqual(16);
  });

  it('follows the approvers of a change as its data is rewritten', async () => {
    const caller = (userRef: string, ...groups: string[]) => ({
      section: 'approvals' as const,
      userRef,
      claims: [userRef, ...groups],
      limit: 10,
    });
    const approvers = (...required: ChangeApprover[]) => ({
      changeType: 'normal',
      requiredApprovers: required,
    });
    const keys = async (q: WorkQuery) =>
      (await db.store.listWork(q)).items.map(r => r.key);
    const g0 = { approverRef: GROUPS[0], reason: 'owner' };
    const change = await db.store.transaction(tx =>
      tx.insertRecord({
        id: uuid(),
        type: 'changes',
        title: 'Change',
        description: '',
        state: 'approval',
        priority: null,
        assignedGroup: null,
        assignee: null,
        entityRefs: [],
        ownerRefs: [],
        createdBy: USERS[7],
        data: approvers(g0, { ...g0, approverRef: GROUPS[1] }),
        now: '2026-01-01T00:00:00.000Z',
      }),
    );
    expect(await keys(caller(USERS[0], GROUPS[0]))).toEqual(['CHG-1']);
    expect(await keys(caller(USERS[1], GROUPS[1]))).toEqual(['CHG-1']);
    // g1 now decided by its representative u2 alone; g0 needs two members.
    await db.store.transaction(tx =>
      tx.updateRecord(change.id, 1, {
        data: approvers(
          { ...g0, quorum: 2 },
          { ...g0, approverRef: GROUPS[1], representatives: [USERS[2]] },
        ),
        updatedBy: USERS[7],
        now: '2026-01-01T00:01:00.000Z',
      }),
    );
    expect(await keys(caller(USERS[1], GROUPS[1]))).toEqual([]);
    expect(await keys(caller(USERS[2]))).toEqual(['CHG-1']);
    await db.store.transaction(tx =>
      tx.addApproval({
        recordId: change.id,
        approverRef: GROUPS[0],
        decision: 'approve',
        reason: null,
        decidedBy: USERS[0],
        decidedAt: '2026-01-01T00:02:00.000Z',
        superseded: false,
      }),
    );
    // u0 has decided; another member still counts towards the quorum.
    expect(await keys(caller(USERS[0], GROUPS[0]))).toEqual([]);
    expect(await keys(caller(USERS[3], GROUPS[0]))).toEqual(['CHG-1']);
    const facts = await db
      .knex('itsm_record_facts')
      .where({ record_id: change.id, name: 'approvalDecider' })
      .select('value', 'subject', 'amount')
      .orderBy('value');
    expect(facts.map(f => ({ ...f, amount: Number(f.amount) }))).toEqual([
      { value: GROUPS[0], subject: GROUPS[0], amount: 2 },
      { value: USERS[2], subject: GROUPS[1], amount: 1 },
    ]);
  });

  it('refuses a cursor of another section', async () => {
    const base = {
      userRef: USERS[0],
      claims: [USERS[0]],
      limit: 1,
    };
    const ids = generate(3, 1).map(g => ({
      ...g,
      record: {
        ...g.record,
        type: 'incidents' as const,
        state: 'new',
        assignee: USERS[0],
      },
    }));
    await bulkInsertRecords(
      db.knex,
      RECORD_FACTS,
      ids.map(g => ({ record: g.record })),
    );
    const page = await db.store.listWork({ ...base, section: 'assigned' });
    expect(page.items).toHaveLength(1);
    expect(page.totalCount).toBe(3);
    await expect(
      db.store.listWork({
        ...base,
        section: 'groups',
        cursor: page.nextCursor,
      }),
    ).rejects.toThrow('Invalid cursor');
  });
});
