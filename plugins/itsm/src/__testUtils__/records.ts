// Records and answers of the ITSM API for the tests of the plugin. Not part
// of the plugin's runtime. Import them from './fixtures', or from here in
// tests that render nothing.
import type { Entity } from '@backstage/catalog-model';
import type {
  Change,
  Incident,
  ItsmPage,
  ItsmRecordLink,
  Problem,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import type { AvailabilityResponse, ItsmKpis } from '../api';

/** The catalog entity the records of the entity tests belong to. */
export const ENTITY_REF = 'component:default/payments-api';

export const componentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

export function entityOfKind(kind: string, name = 'thing'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

// The record pages' fixtures: one record of each process, as read by key.

export const INCIDENT: Incident = {
  id: '7f0d8a59-1a35-4b4e-9a9a-3f3f0c2b1a11',
  type: 'incidents',
  key: 'INC-12',
  title: 'Checkout fails',
  description: 'Payments **time out** after 30 s.',
  state: 'new',
  entityRefs: [ENTITY_REF],
  assignedGroup: 'group:default/payments-team',
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  stateChangedAt: '2026-11-24T10:00:00.000Z',
  version: 3,
  priority: 'P2',
  impact: 'high',
  urgency: 'medium',
  serviceType: 'user_restoration',
  category: 'payments',
  major: false,
  changeGate: null,
  reopenCount: 0,
  sendBackCount: 0,
  reassignmentCount: 0,
};

/** {@link INCIDENT} with other fields. */
export const incident = (overrides: Partial<Incident> = {}): Incident => ({
  ...INCIDENT,
  ...overrides,
});

export const CHANGE: Change = {
  id: '0c7d1a8e-3b4f-4c2a-9d5e-6f7a8b9c0d1e',
  type: 'changes',
  key: 'CHG-7',
  title: 'Raise the payments timeout',
  description: '',
  state: 'approval',
  entityRefs: [ENTITY_REF],
  assignedGroup: null,
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  stateChangedAt: '2026-11-21T10:00:00.000Z',
  version: 5,
  changeType: 'normal',
  template: null,
  incidentKey: null,
  category: null,
  serviceImpact: 'none',
  functionalChange: false,
  cmdbUpdate: false,
  tasks: [],
  implementationPlan: 'Deploy with the new setting',
  requiredApprovers: [
    {
      approverRef: 'group:default/payments-team',
      reason: `service owner of ${ENTITY_REF}`,
    },
  ],
};

export const SLA: Sla = {
  id: '5b1e4c2d-8f9a-4b3c-a1d2-e3f4a5b6c7d8',
  type: 'slas',
  key: 'SLA-2',
  title: 'Payments for retail',
  description: '',
  state: 'draft',
  entityRefs: [ENTITY_REF],
  assignedGroup: null,
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  stateChangedAt: '2026-11-20T10:00:00.000Z',
  version: 1,
  customerGroup: 'group:default/retail',
  serviceOwnerGroup: 'group:default/payments-team',
  targets: {
    availabilityPercent: 99.9,
    responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
    resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 5760 },
  },
  calendar: '24x7',
  term: 'monthly',
  signatures: {
    serviceOwner: { by: 'user:default/olivia', at: '2026-11-21T09:00:00.000Z' },
  },
};

/** A record as `getRecord` answers it: with its links. */
export function detail<T extends object>(
  record: T,
  links: ItsmRecordLink[] = [],
) {
  return { ...record, links };
}

// The entity tests' fixtures: records of ENTITY_REF as lists answer them,
// named by key (INC-7 is "Incident INC-7").

const ofEntity = {
  description: '',
  entityRefs: [ENTITY_REF],
  assignedGroup: 'group:default/payments-team',
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  stateChangedAt: '2026-11-24T10:00:00.000Z',
  version: 1,
};

/** An assigned P2 incident of the entity. */
export function entityIncident(
  key: string,
  fields: Partial<Incident> = {},
): Incident {
  return {
    ...ofEntity,
    id: `id-${key}`,
    type: 'incidents',
    key,
    title: `Incident ${key}`,
    state: 'assigned',
    priority: 'P2',
    impact: 'high',
    urgency: 'medium',
    serviceType: 'user_restoration',
    category: null,
    major: false,
    changeGate: null,
    reopenCount: 0,
    sendBackCount: 0,
    reassignmentCount: 0,
    ...fields,
  };
}

/** A scheduled normal change of the entity. */
export function entityChange(
  key: string,
  fields: Partial<Change> = {},
): Change {
  return {
    ...ofEntity,
    id: `id-${key}`,
    type: 'changes',
    key,
    title: `Change ${key}`,
    state: 'scheduled',
    changeType: 'normal',
    template: null,
    incidentKey: null,
    category: null,
    plannedStart: '2026-12-01T22:00:00.000Z',
    plannedEnd: '2026-12-01T23:00:00.000Z',
    serviceImpact: 'degraded',
    functionalChange: false,
    cmdbUpdate: false,
    tasks: [],
    requiredApprovers: [],
    ...fields,
  };
}

/** A known error of the entity, with a workaround. */
export function entityProblem(
  key: string,
  fields: Partial<Problem> = {},
): Problem {
  return {
    ...ofEntity,
    id: `id-${key}`,
    type: 'problems',
    key,
    title: `Problem ${key}`,
    state: 'known_error',
    category: null,
    workaround: 'Restart the pod',
    ...fields,
  };
}

/** An active SLA covering the entity with an availability target. */
export function entitySla(key: string, availabilityPercent: number): Sla {
  const minutes = { P1: 60, P2: 240, P3: 1440, P4: 4320 };
  return {
    ...ofEntity,
    id: `id-${key}`,
    type: 'slas',
    key,
    title: `Agreement ${key}`,
    state: 'active',
    customerGroup: 'group:default/shop',
    serviceOwnerGroup: 'group:default/payments-team',
    targets: {
      availabilityPercent,
      responseMinutes: minutes,
      resolutionMinutes: minutes,
      maxOutages: 3,
    },
    calendar: '24x7',
    term: 'monthly',
    signatures: {},
  };
}

/** 30 days of the entity: 99.791% with two outages, 90 minutes on day 4. */
export function availability(
  fields: Partial<AvailabilityResponse> = {},
): AvailabilityResponse {
  const day = 24 * 60;
  return {
    entityRef: ENTITY_REF,
    from: '2026-10-26T00:00:00.000Z',
    to: '2026-11-25T00:00:00.000Z',
    agreedMinutes: 30 * day,
    downtimeMinutes: 90,
    availability: 99.791,
    outages: 2,
    mttrMinutes: 45,
    mtbfMinutes: 21555,
    mtbsiMinutes: 21600,
    degradedMinutes: 30,
    series: Array.from({ length: 30 }, (_, i) => ({
      from: new Date(Date.UTC(2026, 9, 26 + i)).toISOString(),
      to: new Date(Date.UTC(2026, 9, 27 + i)).toISOString(),
      availability: i === 3 ? 93.75 : 100,
      downtimeMinutes: i === 3 ? 90 : 0,
      agreedMinutes: day,
    })),
    ...fields,
  };
}

/**
 * An answer of `GET /kpis` over the last 90 days: counts of nothing and no
 * rates unless the overrides say otherwise.
 */
export function kpis(
  overrides: {
    incidents?: Partial<ItsmKpis['incidents']>;
    problems?: Partial<ItsmKpis['problems']>;
    changes?: Partial<ItsmKpis['changes']>;
    slas?: ItsmKpis['slas'];
    releases?: Partial<ItsmKpis['releases']>;
  } = {},
): ItsmKpis {
  const now = Date.now();
  return {
    from: new Date(now - 90 * 86_400_000).toISOString(),
    to: new Date(now).toISOString(),
    entityRefs: [],
    incidents: {
      open: { total: 0, byPriority: { P1: 0, P2: 0, P3: 0, P4: 0 } },
      reported: 0,
      resolved: 0,
      meanTimeToResolveMs: null,
      reopened: 0,
      reopenRate: null,
      sendBacks: 0,
      reassignments: 0,
      escalations: 0,
      major: 0,
      ...overrides.incidents,
    },
    problems: { open: 0, knownErrors: 0, impasse: 0, ...overrides.problems },
    changes: {
      closed: 0,
      successful: 0,
      failed: 0,
      backedOut: 0,
      withoutOutcome: 0,
      successRate: null,
      causedIncidents: 0,
      reported: 0,
      emergency: 0,
      emergencyRatio: null,
      ...overrides.changes,
    },
    slas: overrides.slas ?? { active: 0 },
    releases: {
      cabMeetings: {
        closed: 0,
        included: 0,
        rejected: 0,
        carriedOver: 0,
        latest: [],
      },
      rfcsFulfilled: 0,
      rfcsReturnedUnmet: 0,
      requirementsFulfilledRate: null,
      businessCases: { sentBack: 0, rejected: 0 },
      additionalChanges: { total: 0, finish: 0, backout: 0 },
      coordinationFinished: 0,
      withTargetDate: 0,
      onTime: 0,
      onTimeRate: null,
      ...overrides.releases,
    },
  };
}

/** A page of a list with every item (or `totalCount` in all). */
export function page<T>(items: T[], totalCount = items.length): ItsmPage<T> {
  return { items, totalCount };
}
