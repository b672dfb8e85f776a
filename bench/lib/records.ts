import {
  computePriority,
  CREATE_SCHEMAS,
  ItsmRecordType,
  newIncidentData,
  newSlaData,
  orderLink,
} from '@backstage-itsm/plugin-itsm-common';
import {
  BulkRecord,
  recordAfter,
} from '../../plugins/itsm-backend/src/store/bulkInsert';
import type {
  NewHistoryEntry,
  NewRecord,
  RecordPatch,
  StoredApproval,
  StoredLink,
} from '../../plugins/itsm-backend/src/store/types';
import { BenchItem } from '../../packages/backend/src/bench/organisation';
import { Random } from '../../packages/backend/src/bench/random';
import {
  DAY,
  HOUR,
  MINUTE,
  Plan,
  recordId,
  recordRandom,
  recordUuid,
} from './plan';

/*
 * One record as the seed writes it: what the API would have written after
 * its create and its transitions (docs/performance.md, "What the seed
 * makes"). The create body is validated with the API's own schema and the
 * data built with the same defaults (newIncidentData ...); the record is
 * described as inserted in its initial state at its creation time, then
 * updated once to its final state at the time of its last transition, with
 * the history of every step, and written in that final state by the store's
 * bulk write (toBulk).
 */

export interface SeedRecord {
  type: ItsmRecordType;
  key: string;
  insert: NewRecord;
  patch?: RecordPatch;
  history: NewHistoryEntry[];
  approvals?: Array<Omit<StoredApproval, 'id'>>;
  /** Links to records written before, with the history entry each adds to the other record (if any). */
  links?: Array<{
    link: StoredLink;
    otherId: string;
    otherEntry?: NewHistoryEntry;
  }>;
}

/**
 * The record as the store's bulk write takes it: the state the insert and
 * the update leave (recordAfter), its history, approvals and links, and the
 * entries its links add to the other records' history.
 */
export function toBulk(rec: SeedRecord): BulkRecord {
  return {
    record: recordAfter(rec.insert, ...(rec.patch ? [rec.patch] : [])),
    history: rec.history,
    approvals: rec.approvals,
    links: rec.links?.map(l => l.link),
    otherHistory: rec.links?.flatMap(l =>
      l.otherEntry ? [{ recordId: l.otherId, entry: l.otherEntry }] : [],
    ),
  };
}

export const SYSTEM_ACTOR = 'itsm:system';
export const iso = (ms: number) => new Date(ms).toISOString();
export const uniq = <T>(xs: T[]) => [...new Set(xs)];
export const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

const SYMPTOMS = [
  ['Timeouts', 'Requests time out after 30 s; error rate above 20 %.'],
  ['High latency', 'p99 latency tripled since the last deployment.'],
  ['5xx errors', 'The load balancer reports a burst of 502 and 503 answers.'],
  ['Disk full', 'The data volume is at 100 %; writes fail.'],
  [
    'Certificate expired',
    'TLS handshakes fail: the certificate expired overnight.',
  ],
  ['Memory leak', 'Pods are OOM-killed every few hours.'],
  ['Deadlocks', 'The database log shows deadlocks on the orders table.'],
  [
    'Login failures',
    'Users cannot sign in; the identity provider answers 401.',
  ],
  ['Payments declined', 'Card payments are declined by the acquirer.'],
  ['Stale search results', 'Search results lag behind stock changes by hours.'],
  [
    'Queue backlog',
    'Consumers fall behind; the backlog grows by 10k messages a minute.',
  ],
  ['Cache misses', 'Hit ratio dropped to 20 %; the database is overloaded.'],
] as const;
const CATEGORIES = [
  'availability',
  'performance',
  'security',
  'data freshness',
  'capacity',
];

/** What every builder needs besides the plan. */
export interface BuildContext {
  plan: Plan;
  users: string[];
  itemOf(index: number): BenchItem;
}

export function buildContext(plan: Plan): BuildContext {
  const users = uniq([...plan.org.membersOf.values()].flat()).sort();
  return { plan, users, itemOf: index => plan.org.items[index] };
}

/** A member of the group (not `not`), or any user when it has none. */
export function memberOf(
  ctx: BuildContext,
  r: Random,
  group: string,
  not?: string,
): string {
  const members = (ctx.plan.org.membersOf.get(group) ?? []).filter(
    m => m !== not,
  );
  return members.length ? r.pick(members) : r.pick(ctx.users);
}

/** Validates a create body with the API's schema; the seed stops on the first invalid one. */
export function validated<T>(
  type: ItsmRecordType,
  key: string,
  body: unknown,
): T {
  const result = (CREATE_SCHEMAS[type] as any).safeParse(body);
  if (!result.success) {
    throw new Error(
      `${key}: the create body is invalid: ${JSON.stringify(
        result.error.issues,
      )}`,
    );
  }
  return result.data as T;
}

/** History of one transition: the state change, plus extra field entries. */
export function step(
  at: number,
  actor: string,
  action: string,
  from: string,
  to: string,
  extra: Array<[string, unknown, unknown]> = [],
): NewHistoryEntry[] {
  return [
    { at: iso(at), actor, action, field: 'state', from, to },
    ...extra.map(([field, a, b]) => ({
      at: iso(at),
      actor,
      action,
      field,
      from: a,
      to: b,
    })),
  ];
}

export function created(
  at: number,
  actor: string,
  state: string,
  title: string,
): NewHistoryEntry {
  return {
    at: iso(at),
    actor,
    action: 'created',
    field: null,
    from: null,
    to: { state, title },
  };
}

/** A link between two records and the history entries on both ends (as POST .../links writes them). */
export function linkOf(
  a: { id: string; type: ItsmRecordType; key: string },
  b: { id: string; type: ItsmRecordType; key: string },
  actor: string,
  at: number,
): { link: StoredLink; entry: NewHistoryEntry; otherEntry: NewHistoryEntry } {
  const direction = orderLink(a, b);
  if (!direction) throw new Error(`${a.key} and ${b.key} cannot be linked`);
  const linked = (other: typeof a): NewHistoryEntry => ({
    at: iso(at),
    actor,
    action: 'linked',
    field: other.type,
    from: null,
    to: other.key,
  });
  return {
    link: {
      fromId: direction.from.id,
      toId: direction.to.id,
      kind: direction.kind,
      createdBy: actor,
      createdAt: iso(at),
    },
    entry: linked(b),
    otherEntry: linked(a),
  };
}

function levels(r: Random, high: number, medium: number) {
  const x = r.next();
  return x < high ? 'high' : x < high + medium ? 'medium' : 'low';
}

/** Incident `index` (INC-index+1): registered, routed, worked on, resolved and closed, or still open. */
export function buildIncident(ctx: BuildContext, index: number): SeedRecord {
  const { plan } = ctx;
  const key = `INC-${index + 1}`;
  const r = recordRandom(plan.seed, 'incidents', index);
  const id = recordUuid(r, 'incidents', index);
  const items = [plan.incidents.item[index], plan.incidents.item2[index]]
    .filter(k => k >= 0)
    .map(k => ctx.itemOf(k));
  const entityRefs = items.map(x => x.ref);
  const ownerRefs = uniq(items.map(x => x.ownerRef));
  const systemRefs = uniq(
    items.map(x => x.systemRef).filter((s): s is string => !!s),
  );
  const group = ownerRefs[0];
  const t0 = plan.incidents.at[index];
  const open = plan.incidents.open[index] === 1;
  const requester = r.pick(ctx.users);
  const [symptom, text] = r.pick(SYMPTOMS);
  const impact = levels(r, 0.15, 0.45);
  const urgency = levels(r, 0.2, 0.45);
  const priority = computePriority(impact, urgency);
  const hasOutage = r.chance(impact === 'high' ? 0.6 : 0.2);
  const outageKind = r.chance(0.7) ? 'down' : 'degraded';
  const cause = plan.incidents.causedBy[index];
  const body = validated<any>('incidents', key, {
    title: `${symptom} on ${nameOf(entityRefs[0])}`,
    description: `${text} Seen on ${entityRefs.join(', ')}.`,
    entityRefs,
    impact,
    urgency,
    category: r.pick(CATEGORIES),
    serviceType: hasOutage
      ? 'infrastructure_restoration'
      : r.pick(['user_restoration', 'request', 'infrastructure_event']),
    outage: hasOutage
      ? { kind: outageKind, start: iso(t0 - r.int(0, 30) * MINUTE) }
      : undefined,
    major:
      hasOutage && outageKind === 'down' && priority === 'P1' && r.chance(0.3),
    causedByChange: cause >= 0 ? `CHG-${cause + 1}` : undefined,
  });
  const data0: Record<string, unknown> = {
    ...newIncidentData(body),
    systemRefs,
  };
  const history: NewHistoryEntry[] = [
    created(t0, requester, 'new', body.title),
  ];
  const data = { ...data0 };
  const end = plan.now - MINUTE;
  let state = 'new';
  let t = t0;
  let actor = requester;
  let assignee: string | null = null;
  const go = (
    at: number,
    who: string,
    action: string,
    to: string,
    extra: Array<[string, unknown, unknown]> = [],
  ) => {
    t = Math.min(at, end);
    actor = who;
    history.push(...step(t, who, action, state, to, extra));
    state = to;
  };

  // Open incidents stop somewhere along the way; the others run to the end.
  const openAt = open
    ? r.pick([
        'new',
        'assigned',
        'assigned',
        'in_progress',
        'in_progress',
        'in_progress',
        'pending',
      ])
    : 'closed';
  const span = Math.max(MINUTE, end - t0);
  const gap = (min: number, max: number) =>
    open ? (span * r.int(5, 25)) / 100 : r.int(min, max) * MINUTE;
  if (!open && r.chance(0.04)) {
    go(t + r.int(5, 120) * MINUTE, requester, 'cancel', 'cancelled', [
      ['reason', null, 'Duplicate of another report'],
    ]);
    if (hasOutage) data.outage = { ...(data.outage as object), end: iso(t) };
  } else if (openAt !== 'new') {
    const coordinator = memberOf(ctx, r, group);
    assignee = memberOf(ctx, r, group);
    go(t + gap(2, 60), coordinator, 'assign', 'assigned', [
      ['assignee', null, assignee],
    ]);
    if (openAt !== 'assigned') {
      go(t + gap(5, 120), assignee, 'start', 'in_progress');
      if (openAt === 'pending' || (!open && r.chance(0.15))) {
        const reason = 'Waiting for the supplier';
        go(t + gap(10, 240), assignee, 'pend', 'pending', [
          ['reason', null, reason],
        ]);
        data.pendingReason = reason;
        if (openAt !== 'pending') {
          go(
            t + r.int(60, 24 * 60) * MINUTE,
            assignee,
            'resume',
            'in_progress',
          );
          data.pendingReason = null;
        }
      }
      if (!open) {
        const hours = { P1: 4, P2: 8, P3: 48, P4: 120 }[priority];
        go(t + r.int(20, hours * 60) * MINUTE, assignee, 'resolve', 'resolved');
        data.resolutionCode = r.pick([
          'fixed',
          'fixed',
          'fixed',
          'workaround',
          'no_fault_found',
        ]);
        data.resolutionNotes =
          'Restarted the affected pods and verified the error rate.';
        const resolvedAt = t;
        const closeAt = r.chance(0.5)
          ? resolvedAt + r.int(60, 4 * 24 * 60) * MINUTE
          : resolvedAt + 5 * DAY + r.int(1, 15) * MINUTE;
        if (closeAt < end)
          go(
            closeAt,
            closeAt - resolvedAt > 5 * DAY ? SYSTEM_ACTOR : requester,
            'close',
            'closed',
          );
        if (hasOutage)
          data.outage = { ...(data.outage as object), end: iso(resolvedAt) };
      }
    }
  }
  return {
    type: 'incidents',
    key,
    insert: {
      id,
      type: 'incidents',
      title: body.title,
      description: body.description,
      state: 'new',
      priority,
      assignedGroup: group,
      assignee: null,
      entityRefs,
      ownerRefs,
      data: data0,
      createdBy: requester,
      now: iso(t0),
    },
    patch:
      state === 'new'
        ? undefined
        : { state, assignee, data, updatedBy: actor, now: iso(t) },
    history,
  };
}

/** SLA `index` (SLA-index+1): registered, signed by both parties and active since before the data starts. */
export function buildSla(ctx: BuildContext, index: number): SeedRecord {
  const { plan } = ctx;
  const key = `SLA-${index + 1}`;
  const r = recordRandom(plan.seed, 'slas', index);
  const id = recordUuid(r, 'slas', index);
  const sla = plan.slas[index];
  const t0 = plan.start - 10 * DAY;
  const owner = sla.serviceOwnerGroup;
  const manager = memberOf(ctx, r, owner);
  const body = validated<any>('slas', key, {
    title: `${nameOf(sla.entityRefs[0])}${
      sla.entityRefs.length > 1 ? ' and more' : ''
    } for ${nameOf(sla.customerGroup)}`,
    description: 'Service levels agreed with the customer team.',
    entityRefs: sla.entityRefs,
    customerGroup: sla.customerGroup,
    serviceOwnerGroup: owner,
    targets: {
      availabilityPercent: r.pick([99, 99.5, 99.9, 99.95]),
      responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
      resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
      maxOutages: r.int(2, 5),
    },
    calendar: sla.calendar,
    term: sla.term,
  });
  const data0 = { ...newSlaData(body), escalateDegraded: false };
  const customerSigner = memberOf(ctx, r, sla.customerGroup);
  const ownerSigner = memberOf(ctx, r, owner, customerSigner);
  const signatures = {
    customer: { by: customerSigner, at: iso(t0 + HOUR) },
    serviceOwner: { by: ownerSigner, at: iso(t0 + 2 * HOUR) },
  };
  const ownerRefs = uniq(
    sla.entityRefs.map(ref => plan.org.itemsByRef.get(ref)?.ownerRef ?? owner),
  );
  return {
    type: 'slas',
    key,
    insert: {
      id,
      type: 'slas',
      title: body.title,
      description: body.description,
      state: 'draft',
      priority: null,
      assignedGroup: owner,
      assignee: null,
      entityRefs: sla.entityRefs,
      ownerRefs,
      data: data0,
      createdBy: manager,
      now: iso(t0),
    },
    patch: {
      state: 'active',
      data: { ...data0, signatures },
      updatedBy: manager,
      now: iso(t0 + 3 * HOUR),
    },
    history: [
      created(t0, manager, 'draft', body.title),
      {
        at: signatures.customer.at,
        actor: customerSigner,
        action: 'signed',
        field: 'customer',
        from: null,
        to: customerSigner,
      },
      {
        at: signatures.serviceOwner.at,
        actor: ownerSigner,
        action: 'signed',
        field: 'serviceOwner',
        from: null,
        to: ownerSigner,
      },
      ...step(t0 + 3 * HOUR, manager, 'activate', 'draft', 'active'),
    ],
  };
}

export { recordId };
