import { mockCredentials } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordType,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import fs from 'fs';
import { loadAll } from 'js-yaml';
import { randomUUID as uuid } from 'node:crypto';
import { Caller, SYSTEM_ACTOR } from '../engine/types';
import { NewRecord, StoredApproval, StoredRecord } from '../store/types';

/*
 * The test fixtures of the backend, in one place: the people and their
 * callers, the test CMDB, request bodies, ITSM config, and records as the
 * store holds them.
 */

// ---------------------------------------------------------------------------
// People

export const AMARA = 'user:default/amara'; // payments-team
export const LUKAS = 'user:default/lukas'; // payments-team
export const SOFIA = 'user:default/sofia'; // storefront-team
export const INES = 'user:default/ines'; // platform-team
export const OUTSIDER = 'user:default/outsider'; // no group

export const PAYMENTS = 'group:default/payments-team';
export const STOREFRONT = 'group:default/storefront-team';
export const PLATFORM = 'group:default/platform-team';

/** Users and the groups they belong to (their ownership claims). */
export const TEST_USERS: Record<string, string[]> = {
  [AMARA]: [PAYMENTS],
  [LUKAS]: [PAYMENTS],
  [SOFIA]: [STOREFRONT],
  [INES]: [PLATFORM],
  [OUTSIDER]: [],
};

/** A caller as the router would build it. */
export function callerOf(userRef: string): Caller {
  return {
    credentials: mockCredentials.user(userRef),
    userRef,
    claims: [userRef, ...(TEST_USERS[userRef] ?? [])],
  };
}

/** The plugin acting on its own (auto-close, sweeps, term tracking). */
export const systemCaller: Caller = {
  credentials: mockCredentials.service(),
  userRef: SYSTEM_ACTOR,
  claims: [],
};

export const amara = callerOf(AMARA);
export const sofia = callerOf(SOFIA);

// ---------------------------------------------------------------------------
// The catalog

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function user(ref: string): Entity {
  const groups = TEST_USERS[ref] ?? [];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: parseEntityRef(ref).name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

function component(name: string, owner: string, system?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${owner}`,
      system,
    },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/**
 * A small CMDB for tests: three teams and their people (TEST_USERS), a
 * system, a service that depends on a database, and a web front end.
 */
export const TEST_ENTITIES: Entity[] = [
  group('payments-team'),
  group('storefront-team'),
  group('platform-team'),
  ...Object.keys(TEST_USERS).map(user),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: PAYMENTS },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  },
  component('payments-api', 'payments-team', 'payments'),
  component('checkout-web', 'storefront-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-db', namespace: 'default' },
    spec: { type: 'database', owner: PAYMENTS, system: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  },
];

export const PAYMENTS_API = 'component:default/payments-api';
export const PAYMENTS_DB = 'resource:default/payments-db';
export const CHECKOUT_WEB = 'component:default/checkout-web';

type Relation = { type: string; targetRef: string };

/**
 * Adds the relations the catalog's processors would add, derived from the
 * spec fields (owner, dependsOn, system, domain, providesApis, consumesApis,
 * memberOf), so that tests on the catalog mock see the same graph as the
 * real catalog. Written independently of the code under test.
 */
export function withRelations(entities: Entity[]): Entity[] {
  const copies = entities.map(e => ({ ...e, relations: [] as Relation[] }));
  const byRef = new Map(copies.map(e => [stringifyEntityRef(e), e]));
  const relate = (
    from: Entity,
    type: string,
    target: string,
    reverse: string,
  ) => {
    (from.relations as Relation[]).push({ type, targetRef: target });
    const other = byRef.get(target);
    if (other) {
      (other.relations as Relation[]).push({
        type: reverse,
        targetRef: stringifyEntityRef(from),
      });
    }
  };
  const ref = (value: string, defaultKind: string, entity: Entity) =>
    stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  const list = (value: unknown) => (value as string[] | undefined) ?? [];
  for (const entity of copies) {
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    if (typeof spec.owner === 'string')
      relate(entity, 'ownedBy', ref(spec.owner, 'group', entity), 'ownerOf');
    for (const d of list(spec.dependsOn)) {
      relate(entity, 'dependsOn', ref(d, 'component', entity), 'dependencyOf');
    }
    if (typeof spec.system === 'string')
      relate(entity, 'partOf', ref(spec.system, 'system', entity), 'hasPart');
    if (entity.kind === 'System' && typeof spec.domain === 'string') {
      relate(entity, 'partOf', ref(spec.domain, 'domain', entity), 'hasPart');
    }
    for (const a of list(spec.providesApis)) {
      relate(entity, 'providesApi', ref(a, 'api', entity), 'apiProvidedBy');
    }
    for (const a of list(spec.consumesApis)) {
      relate(entity, 'consumesApi', ref(a, 'api', entity), 'apiConsumedBy');
    }
    if (entity.kind === 'User') {
      for (const g of list(spec.memberOf)) {
        relate(entity, 'memberOf', ref(g, 'group', entity), 'hasMember');
      }
    }
  }
  return copies;
}

/** The demo organisation of examples/demo-catalog.yaml, with relations. */
export function demoCatalog(): Entity[] {
  const file = resolvePackagePath(
    '@backstage-itsm/plugin-itsm-backend',
    '../../examples/demo-catalog.yaml',
  );
  const docs = loadAll(fs.readFileSync(file, 'utf8')) as Entity[];
  return withRelations(
    docs.map(d => ({
      ...d,
      metadata: { namespace: 'default', ...d.metadata },
    })),
  );
}

// ---------------------------------------------------------------------------
// Request bodies on the test CMDB

/** A valid P2 incident body (impact high, urgency medium) on payments-api. */
export function incidentBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Payments fail',
    description: 'Card payments time out',
    entityRefs: [PAYMENTS_API],
    impact: 'high',
    urgency: 'medium',
    ...overrides,
  };
}

/** The plan fields of a fully planned change. */
export const FULL_PLAN = {
  plannedStart: '2026-12-01T22:00:00Z',
  plannedEnd: '2026-12-01T23:00:00Z',
  implementationPlan: 'raise the pool size',
  testPlan: 'load test',
  backoutPlan: 'restore the previous setting',
};

/** A valid, fully planned normal change body on payments-db. */
export function changeBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Upgrade payments-db',
    entityRefs: [PAYMENTS_DB],
    changeType: 'normal',
    plannedStart: '2026-12-01T22:00:00Z',
    plannedEnd: '2026-12-01T23:00:00Z',
    implementationPlan: 'pg_upgrade on the replica, fail over',
    testPlan: 'reconciliation suite',
    backoutPlan: 'fail back to the old primary',
    serviceImpact: 'degraded',
    ...overrides,
  };
}

/** SLA targets: 99.9 % availability, response P2 30 min, resolution P2 480 min. */
export const SLA_TARGETS = {
  availabilityPercent: 99.9,
  responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
  resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
};

/** A valid 24x7 SLA body: storefront-team is the customer of payments-api. */
export function slaBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Payments for the storefront',
    entityRefs: [PAYMENTS_API],
    customerGroup: STOREFRONT,
    serviceOwnerGroup: PAYMENTS,
    targets: SLA_TARGETS,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------
// ITSM config (the `itsm` section)

/** Two standard change templates: one pre-approved, one that needs approval. */
export const STANDARD_TEMPLATES = {
  changes: {
    standardTemplates: [
      { id: 'cert', title: 'Rotate certs', skipApproval: true },
      {
        id: 'dbparam',
        title: 'Tune a database parameter',
        skipApproval: false,
      },
    ],
  },
};

const workday = [{ start: '08:00', end: '18:00' }];

/** A business-hours calendar: Monday to Friday, 08:00 to 18:00 in Berlin. */
export const BERLIN_OFFICE_HOURS = {
  kind: 'business-hours',
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    mon: workday,
    tue: workday,
    wed: workday,
    thu: workday,
    fri: workday,
  },
  holidays: [] as string[],
};

/** The service-hours calendars the demo portal configures. */
export const DEMO_CALENDARS = {
  'business-hours-eu': { ...BERLIN_OFFICE_HOURS, holidays: ['2026-12-25'] },
};

/** The demo portal's year-end freeze of the commerce domain. */
export const YEAR_END_FREEZE = {
  id: 'year-end',
  title: 'Year-end freeze',
  start: '2026-12-20T00:00:00Z',
  end: '2027-01-04T00:00:00Z',
  scope: { kind: 'domain', entityRef: 'domain:default/commerce' },
};

// ---------------------------------------------------------------------------
// Clocks

const MINUTE = 60_000;
/** Monday 2 November 2026, 09:00 UTC: the SLA tests' clock starts here. */
const MONDAY_9AM = Date.parse('2026-11-02T09:00:00Z');
/** `minutes` after (or before) Monday 09:00. */
export const at = (minutes: number) => new Date(MONDAY_9AM + minutes * MINUTE);

/** Instants of the store tests, a day apart. */
export const T0 = '2026-01-01T10:00:00.000Z';
export const T1 = '2026-01-02T10:00:00.000Z';
export const T2 = '2026-01-03T10:00:00.000Z';

// ---------------------------------------------------------------------------
// Records as the store holds them

/** What the store tests give the store to create a record. */
export function newRecord(
  type: ItsmRecordType,
  overrides: Partial<NewRecord> = {},
): NewRecord {
  return {
    id: uuid(),
    type,
    title: 'Printer on fire',
    description: 'Smoke everywhere',
    state: 'new',
    priority: type === 'incidents' ? 'P2' : null,
    assignedGroup: null,
    assignee: null,
    entityRefs: [],
    ownerRefs: [],
    data: {},
    createdBy: 'user:default/alice',
    now: T0,
    ...overrides,
  };
}

/** The keys of records, in order. */
export function keysOf(records: StoredRecord[]): string[] {
  return records.map(r => r.key);
}

/**
 * A stored record built by hand (no database): number `seq` of its type
 * (key INC-1, CHG-2 ...), in the initial state of its machine, requested by
 * amara on payments-api and assigned to payments-team.
 */
export function storedRecord(
  type: ItsmRecordType,
  overrides: Partial<StoredRecord> = {},
): StoredRecord {
  const seq = overrides.seq ?? 1;
  const key = `${ITSM_RECORD_TYPE_INFO[type].keyPrefix}-${seq}`;
  return {
    id: `id-${key}`,
    type,
    key,
    seq,
    title: `${ITSM_RECORD_TYPE_INFO[type].singular} ${seq}`,
    description: '',
    state: STATE_MACHINES[type].initial,
    priority: null,
    assignedGroup: PAYMENTS,
    assignee: null,
    entityRefs: [PAYMENTS_API],
    ownerRefs: [PAYMENTS],
    data: {},
    createdBy: AMARA,
    updatedBy: AMARA,
    createdAt: T0,
    updatedAt: T0,
    stateChangedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** One decision of a change's approval round, current unless superseded. */
export function storedApproval(
  approverRef: string,
  decision: 'approve' | 'reject',
  overrides: Partial<StoredApproval> = {},
): StoredApproval {
  return {
    id: 1,
    recordId: 'id-CHG-1',
    approverRef,
    decision,
    reason: null,
    decidedBy: AMARA,
    decidedAt: T0,
    superseded: false,
    ...overrides,
  };
}
