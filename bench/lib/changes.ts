import {
  newChangeData,
  newProblemData,
} from '@backstage-itsm/plugin-itsm-common';
import type { NewHistoryEntry } from '../../plugins/itsm-backend/src/store/types';
import { Random } from '../../packages/backend/src/bench/random';
import { DAY, HOUR, MINUTE, recordId, recordRandom, recordUuid } from './plan';
import {
  BuildContext,
  created,
  iso,
  linkOf,
  memberOf,
  nameOf,
  SeedRecord,
  step,
  validated,
} from './records';

/*
 * Changes and problems as the API leaves them (see records.ts). A change's
 * window decides its state: past windows are closed (or were rejected or
 * cancelled), the current one is implementing, future ones wait in draft,
 * review, planning, approval or scheduled. Normal changes carry their
 * approval round (the service owner's approval); emergency changes name and
 * link the incident they fix and are approved retroactively.
 */

const TYPES = ['standard', 'normal', 'emergency'] as const;
const VERBS: Record<(typeof TYPES)[number], string[]> = {
  standard: ['Rotate TLS certificates of', 'Add replicas to'],
  normal: [
    'Upgrade',
    'Reconfigure',
    'Migrate the schema of',
    'Patch',
    'Move to new nodes:',
  ],
  emergency: ['Hotfix', 'Roll back'],
};
const TEMPLATES = {
  'Rotate TLS certificates of': 'certificate-rotation',
  'Add replicas to': 'scale-out',
} as Record<string, string>;

function pickWeighted<T extends string>(
  r: Random,
  weights: Array<[T, number]>,
): T {
  let x = r.next() * weights.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of weights) {
    x -= w;
    if (x < 0) return v;
  }
  return weights[weights.length - 1][0];
}

/** Change `index` (CHG-index+1). */
export function buildChange(ctx: BuildContext, index: number): SeedRecord {
  const { plan } = ctx;
  const key = `CHG-${index + 1}`;
  const r = recordRandom(plan.seed, 'changes', index);
  const id = recordUuid(r, 'changes', index);
  const duration = r.int(1, 6) * HOUR; // the same draw as plan.changeDuration
  const item = ctx.itemOf(plan.changes.item[index]);
  const owner = item.ownerRef;
  const changeType = TYPES[plan.changes.type[index]];
  const start = plan.changes.start[index];
  const end = start + duration;
  const now = plan.now;
  const requester = memberOf(ctx, r, owner);
  const coordinator = memberOf(ctx, r, owner);
  const approver = memberOf(ctx, r, owner, requester);
  const verb = r.pick(VERBS[changeType]);
  const incident = plan.changes.incident[index];
  const body = validated<any>('changes', key, {
    title: `${verb} ${nameOf(item.ref)}`,
    description: `${verb} ${item.ref} in a ${duration / HOUR} h window.`,
    entityRefs: [item.ref],
    changeType,
    template: changeType === 'standard' ? TEMPLATES[verb] : undefined,
    incidentKey: changeType === 'emergency' ? `INC-${incident + 1}` : undefined,
    plannedStart: iso(start),
    plannedEnd: iso(end),
    implementationPlan:
      'Roll out to one zone, watch the error rate for 15 minutes, then the others.',
    testPlan: 'Smoke tests and the synthetic checks of the service.',
    backoutPlan: 'Roll back to the previous release.',
    serviceImpact: pickWeighted(r, [
      ['none', 50],
      ['degraded', 35],
      ['unavailable', 15],
    ]),
    functionalChange: r.chance(0.1),
    cmdbUpdate: false,
  });
  const data0: Record<string, unknown> = {
    ...newChangeData(body),
    systemRefs: item.systemRef ? [item.systemRef] : [],
  };
  const approvers = [
    { approverRef: owner, reason: `service owner of ${item.ref}` },
  ];
  if (changeType === 'emergency') data0.requiredApprovers = approvers;
  const data = { ...data0 };

  // When the record was created, and the state its window puts it in.
  const future = start > now;
  let t =
    changeType === 'emergency'
      ? start - r.int(10, 60) * MINUTE
      : start - r.int(6, 21) * DAY;
  if (future) t = Math.min(t, now - r.int(1, 20) * DAY);
  const t0 = t;
  let target: string;
  if (end <= now) {
    const x = r.next();
    target =
      changeType === 'normal' && x < 0.02
        ? 'rejected'
        : changeType !== 'emergency' && x < 0.05
        ? 'cancelled'
        : 'closed';
  } else if (start <= now) {
    target = 'implementing';
  } else {
    target =
      changeType === 'normal'
        ? pickWeighted(r, [
            ['draft', 5],
            ['review', 10],
            ['planning', 15],
            ['approval', 20],
            ['scheduled', 50],
          ])
        : changeType === 'standard'
        ? pickWeighted(r, [
            ['planning', 20],
            ['scheduled', 80],
          ])
        : 'draft';
  }

  const history: NewHistoryEntry[] = [
    created(t0, requester, 'draft', body.title),
  ];
  const approvals: NonNullable<SeedRecord['approvals']> = [];
  const links: NonNullable<SeedRecord['links']> = [];
  let state = 'draft';
  let actor = requester;
  // Steps before implementation happen before the window (and before now).
  const before = Math.min(start, now) - MINUTE;
  const after = now - MINUTE;
  const go = (
    at: number,
    who: string,
    action: string,
    to: string,
    extra: Array<[string, unknown, unknown]> = [],
    limit = before,
  ) => {
    t = Math.max(t, Math.min(at, limit));
    actor = who;
    history.push(...step(t, who, action, state, to, extra));
    state = to;
  };
  const approve = (at: number, limit = before) => {
    t = Math.max(t, Math.min(at, limit));
    approvals.push({
      recordId: id,
      approverRef: owner,
      decision: 'approve',
      reason: null,
      decidedBy: approver,
      decidedAt: iso(t),
      superseded: false,
    });
    history.push({
      at: iso(t),
      actor: approver,
      action: 'approved',
      field: 'approval',
      from: owner,
      to: null,
    });
  };
  const hours = (a: number, b: number) => t + r.int(a, b) * HOUR;
  const implement = (action: string, from: number) => {
    go(from, coordinator, action, 'implementing', [], after);
    if (target !== 'closed') return;
    go(end, coordinator, 'complete', 'verifying', [], after);
    if (changeType === 'emergency') approve(end + 30 * MINUTE, after);
    data.outcome = pickWeighted(r, [
      ['successful', 92],
      ['failed', 5],
      ['backed_out', 3],
    ]);
    go(
      end + r.int(10, 120) * MINUTE,
      coordinator,
      'close',
      'closed',
      [['outcome', null, data.outcome]],
      after,
    );
  };

  if (changeType === 'emergency') {
    // The create names the incident (linkTo): the link and a history entry on the change.
    const incidentId = recordId(plan.seed, 'incidents', incident);
    const l = linkOf(
      { id, type: 'changes', key },
      { id: incidentId, type: 'incidents', key: `INC-${incident + 1}` },
      requester,
      t0,
    );
    history.push(l.entry);
    links.push({ link: l.link, otherId: incidentId });
    if (target !== 'draft') implement('implement_emergency', start);
  } else if (target !== 'draft') {
    go(hours(1, 24), requester, 'submit', 'review');
    if (target === 'rejected') {
      go(hours(1, 48), coordinator, 'reject', 'rejected', [
        ['reason', null, 'Not worth the risk this quarter'],
      ]);
    } else if (target !== 'review') {
      go(hours(1, 48), coordinator, 'register', 'planning');
      if (target === 'cancelled') {
        go(hours(1, 48), requester, 'cancel', 'cancelled', [
          ['reason', null, 'No longer needed'],
        ]);
      } else if (target !== 'planning') {
        if (changeType === 'standard') {
          go(hours(1, 24), coordinator, 'schedule', 'scheduled');
        } else {
          data.requiredApprovers = approvers;
          go(hours(1, 24), coordinator, 'request_approval', 'approval');
          if (target !== 'approval') {
            approve(hours(1, 24));
            go(t, approver, 'schedule', 'scheduled');
          }
        }
        if (target === 'implementing' || target === 'closed')
          implement('start', start);
      }
    }
  }
  return {
    type: 'changes',
    key,
    insert: {
      id,
      type: 'changes',
      title: body.title,
      description: body.description,
      state: 'draft',
      priority: null,
      assignedGroup: owner,
      assignee: null,
      entityRefs: [item.ref],
      ownerRefs: [owner],
      data: data0,
      createdBy: requester,
      now: iso(t0),
    },
    patch:
      state === 'draft'
        ? undefined
        : { state, data, updatedBy: actor, now: iso(t) },
    history,
    approvals,
    links,
  };
}

/** Problem `index` (PRB-index+1), linked to the incidents of its entity it was raised for. */
export function buildProblem(ctx: BuildContext, index: number): SeedRecord {
  const { plan } = ctx;
  const key = `PRB-${index + 1}`;
  const r = recordRandom(plan.seed, 'problems', index);
  const id = recordUuid(r, 'problems', index);
  const item = ctx.itemOf(plan.problems.item[index]);
  const owner = item.ownerRef;
  const t0 = plan.problems.at[index];
  const coordinator = memberOf(ctx, r, owner);
  const assignee = memberOf(ctx, r, owner);
  const body = validated<any>('problems', key, {
    title: `Recurring failures of ${nameOf(item.ref)}`,
    description: `Several incidents on ${item.ref} share a cause; find it.`,
    entityRefs: [item.ref],
    category: 'availability',
    workaround: r.chance(0.6) ? 'Restart the pods of the service.' : undefined,
  });
  const data0: Record<string, unknown> = {
    ...newProblemData(body),
    systemRefs: item.systemRef ? [item.systemRef] : [],
  };
  const data = { ...data0 };
  const old = plan.now - t0 > 60 * DAY;
  const target = old
    ? pickWeighted(r, [
        ['closed', 50],
        ['resolved', 15],
        ['root_cause_known', 15],
        ['impasse', 5],
        ['under_investigation', 15],
      ])
    : pickWeighted(r, [
        ['new', 25],
        ['under_investigation', 40],
        ['root_cause_known', 25],
        ['impasse', 10],
      ]);
  const history: NewHistoryEntry[] = [
    created(t0, coordinator, 'new', body.title),
  ];
  const links: SeedRecord['links'] = [];
  for (const inc of plan.problems.incidents[index]) {
    const l = linkOf(
      { id, type: 'problems', key },
      {
        id: recordId(plan.seed, 'incidents', inc),
        type: 'incidents',
        key: `INC-${inc + 1}`,
      },
      coordinator,
      t0 + MINUTE,
    );
    history.push(l.entry);
    links.push({
      link: l.link,
      otherId: recordId(plan.seed, 'incidents', inc),
      otherEntry: l.otherEntry,
    });
  }
  let state = 'new';
  let t = t0 + MINUTE;
  let actor = coordinator;
  const go = (
    days: number,
    who: string,
    action: string,
    to: string,
    extra: Array<[string, unknown, unknown]> = [],
  ) => {
    t = Math.min(t + days * DAY * (0.5 + r.next()), plan.now - MINUTE);
    actor = who;
    history.push(...step(t, who, action, state, to, extra));
    state = to;
  };
  if (target !== 'new') {
    go(1, coordinator, 'start', 'under_investigation');
    if (target === 'impasse')
      go(10, coordinator, 'declare_impasse', 'impasse', [
        ['reason', null, 'No reproduction so far'],
      ]);
    if (['root_cause_known', 'resolved', 'closed'].includes(target)) {
      data.rootCause = 'Connection pool exhaustion under peak load.';
      go(7, assignee, 'record_root_cause', 'root_cause_known', [
        ['rootCause', '', data.rootCause],
      ]);
    }
    if (target === 'resolved' || target === 'closed')
      go(5, assignee, 'resolve', 'resolved');
    if (target === 'closed') {
      data.verification = {
        by: coordinator,
        at: iso(t + DAY),
        evidence: 'No recurrence for 30 days.',
      };
      go(30, coordinator, 'close', 'closed');
    }
  }
  return {
    type: 'problems',
    key,
    insert: {
      id,
      type: 'problems',
      title: body.title,
      description: body.description,
      state: 'new',
      priority: null,
      assignedGroup: owner,
      assignee: null,
      entityRefs: [item.ref],
      ownerRefs: [owner],
      data: data0,
      createdBy: coordinator,
      now: iso(t0),
    },
    patch:
      state === 'new'
        ? undefined
        : {
            state,
            assignee: state === 'new' ? null : assignee,
            data,
            updatedBy: actor,
            now: iso(t),
          },
    history,
    links,
  };
}
