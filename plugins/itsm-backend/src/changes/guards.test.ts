import { CabOutcome, ChangeApprover } from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import {
  amara,
  callerOf,
  PAYMENTS,
  PLATFORM,
  SOFIA,
  STOREFRONT,
  storedApproval,
  storedRecord,
} from '../__testUtils__/fixtures';
import {
  describeGuard,
  fakeTransition,
  FakeTransitionOptions,
} from '../__testUtils__/transitionContext';
import { StoredApproval, StoredRecord } from '../store/types';
import { changeGuards } from './guards';

const guards = changeGuards({
  standardTemplates: new Map([
    ['cert', { id: 'cert', title: 'Rotate certs', skipApproval: true }],
    ['dbparam', { id: 'dbparam', title: 'Tune', skipApproval: false }],
  ]),
});

/** A change of payments-api (owned by payments-team). */
const change = (data: Record<string, unknown>, state = 'draft') =>
  storedRecord('changes', { state, data: { changeType: 'normal', ...data } });

const ctxOf = (
  record: StoredRecord,
  options: Omit<FakeTransitionOptions, 'record'> = {},
) => fakeTransition({ record, ...options }).ctx;

describeGuard('approvalsComplete', () => {
  const inApproval = (
    requiredApprovers: ChangeApprover[],
    approvals: StoredApproval[],
  ) =>
    guards.approvalsComplete(
      ctxOf(change({ requiredApprovers }, 'approval'), {
        to: 'scheduled',
        approvals,
      }),
    );
  const owner = { approverRef: PAYMENTS, reason: 'service owner' };
  const customer = { approverRef: STOREFRONT, reason: 'customer' };

  it('passes when every required approver approved', async () => {
    expect(
      await inApproval(
        [owner, customer],
        [
          storedApproval(PAYMENTS, 'approve'),
          storedApproval(STOREFRONT, 'approve', { decidedBy: SOFIA }),
        ],
      ),
    ).toBeUndefined();
  });

  it('fails while a required approver is missing, naming who', async () => {
    expect(
      await inApproval(
        [owner, customer],
        [storedApproval(PAYMENTS, 'approve')],
      ),
    ).toBe(`approval still required from ${STOREFRONT}`);
  });

  it('does not count the decisions of an earlier round', async () => {
    expect(
      await inApproval(
        [owner],
        [
          storedApproval(PAYMENTS, 'approve', { superseded: true }),
          storedApproval(PAYMENTS, 'reject', { superseded: true }),
        ],
      ),
    ).toBe(`approval still required from ${PAYMENTS}`);
  });

  it('fails on any rejection of the round, naming who rejected', async () => {
    expect(
      await inApproval(
        [owner],
        [
          storedApproval(PAYMENTS, 'approve'),
          storedApproval(STOREFRONT, 'reject', { decidedBy: SOFIA }),
        ],
      ),
    ).toBe(`rejected by ${STOREFRONT}`);
  });

  it('needs a quorum of distinct members of a group', async () => {
    const twoOfPayments = [{ ...owner, quorum: 2 }];
    const once = [storedApproval(PAYMENTS, 'approve')];
    expect(await inApproval(twoOfPayments, once)).toBe(
      `approval still required from ${PAYMENTS}`,
    );
    expect(await inApproval(twoOfPayments, [...once, ...once])).toBe(
      `approval still required from ${PAYMENTS}`,
    );
    expect(
      await inApproval(twoOfPayments, [
        ...once,
        storedApproval(PAYMENTS, 'approve', {
          decidedBy: 'user:default/lukas',
        }),
      ]),
    ).toBeUndefined();
  });

  it('decides the round as the process model says, for any decisions (property)', async () => {
    const groups = [PAYMENTS, STOREFRONT, PLATFORM, 'group:default/cab'];
    const members = ['user:default/a', 'user:default/b', 'user:default/c'];
    const required = fc.uniqueArray(
      fc.record(
        {
          approverRef: fc.constantFrom(...groups.slice(0, 3)),
          reason: fc.constant('required'),
          quorum: fc.integer({ min: 1, max: 3 }),
        },
        { requiredKeys: ['approverRef', 'reason'] },
      ),
      { selector: r => r.approverRef, maxLength: 3 },
    );
    const approvals = fc.array(
      fc
        .record({
          approverRef: fc.constantFrom(...groups),
          decision: fc.constantFrom('approve' as const, 'reject' as const),
          decidedBy: fc.constantFrom(...members),
          superseded: fc.boolean(),
        })
        .map(a => storedApproval(a.approverRef, a.decision, a)),
      { maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(required, approvals, async (req, decisions) => {
        const current = decisions.filter(a => !a.superseded);
        const rejections = current.filter(a => a.decision === 'reject');
        const missing = req.filter(
          r =>
            new Set(
              current
                .filter(
                  a =>
                    a.approverRef === r.approverRef && a.decision === 'approve',
                )
                .map(a => a.decidedBy),
            ).size < (r.quorum ?? 1),
        );
        let expected: string | undefined;
        if (rejections.length > 0) {
          expected = `rejected by ${rejections
            .map(a => a.approverRef)
            .join(', ')}`;
        } else if (missing.length > 0) {
          expected = `approval still required from ${missing
            .map(r => r.approverRef)
            .join(', ')}`;
        }
        expect(await inApproval(req, decisions)).toBe(expected);
      }),
    );
  });
});

describeGuard('standardPreApproved', () => {
  const planned = (data: Record<string, unknown>) =>
    guards.standardPreApproved(
      ctxOf(change(data, 'planning'), { to: 'scheduled' }),
    );

  it('passes a standard change whose template skips approval', async () => {
    expect(
      await planned({ changeType: 'standard', template: 'cert' }),
    ).toBeUndefined();
  });

  it('fails other change types, removed templates and templates that need approval', async () => {
    expect(await planned({ template: 'cert' })).toBe(
      'only standard changes skip approval',
    );
    expect(await planned({ changeType: 'standard', template: 'gone' })).toBe(
      'standard change template "gone" no longer exists',
    );
    expect(await planned({ changeType: 'standard', template: 'dbparam' })).toBe(
      'template "dbparam" requires approval',
    );
  });
});

describeGuard('emergencyChange', () => {
  it('passes an emergency change only', async () => {
    const ctx = (changeType: string) =>
      ctxOf(change({ changeType }), { to: 'implementing' });
    expect(await guards.emergencyChange(ctx('emergency'))).toBeUndefined();
    for (const other of ['normal', 'standard']) {
      expect(await guards.emergencyChange(ctx(other))).toBe(
        'only emergency changes take this path',
      );
    }
  });
});

describeGuard('emergencyAuthorised', () => {
  const incident = storedRecord('incidents', { state: 'in_progress' });
  const ordering = (
    userRef: string,
    options: { linked?: StoredRecord[]; changeType?: string } = {},
  ) =>
    guards.emergencyAuthorised(
      ctxOf(change({ changeType: options.changeType ?? 'emergency' }), {
        to: 'implementing',
        caller: callerOf(userRef),
        linked: options.linked ?? [incident],
      }),
    );

  it('passes whoever takes the transition: its roles are checked before any guard', async () => {
    expect(await ordering(amara.userRef)).toBeUndefined();
    expect(await ordering(SOFIA)).toBeUndefined();
  });

  it('fails without the incident it fixes, and for other change types', async () => {
    expect(
      await ordering(amara.userRef, {
        linked: [storedRecord('problems')],
      }),
    ).toBe('an emergency change must be linked to the incident it fixes');
    expect(await ordering(amara.userRef, { changeType: 'normal' })).toBe(
      'only emergency changes take this path',
    );
  });
});

describeGuard('notStandard', () => {
  it('fails a standard change and passes the others', async () => {
    const ctx = (changeType: string) =>
      ctxOf(change({ changeType }, 'review'), { to: 'planning' });
    expect(await guards.notStandard(ctx('standard'))).toBe(
      'standard changes follow their template',
    );
    expect(await guards.notStandard(ctx('normal'))).toBeUndefined();
    expect(await guards.notStandard(ctx('emergency'))).toBeUndefined();
  });
});

describeGuard('notEmergency', () => {
  it('fails an emergency change and passes the others', async () => {
    const ctx = (changeType: string) =>
      ctxOf(change({ changeType }), { to: 'review' });
    expect(await guards.notEmergency(ctx('emergency'))).toBe(
      'emergency changes are implemented first and registered afterwards',
    );
    expect(await guards.notEmergency(ctx('normal'))).toBeUndefined();
    expect(await guards.notEmergency(ctx('standard'))).toBeUndefined();
  });
});

describeGuard('planComplete', () => {
  const PLAN = [
    'plannedStart',
    'plannedEnd',
    'implementationPlan',
    'testPlan',
    'backoutPlan',
  ] as const;
  const full = {
    plannedStart: '2026-12-01T22:00:00Z',
    plannedEnd: '2026-12-01T23:00:00Z',
    implementationPlan: 'raise the pool size',
    testPlan: 'load test',
    backoutPlan: 'restore the previous setting',
  };
  const requesting = (data: Record<string, unknown>) =>
    guards.planComplete(ctxOf(change(data, 'planning'), { to: 'approval' }));

  it('passes a complete plan', async () => {
    expect(await requesting(full)).toBeUndefined();
  });

  it('fails naming every missing part, in plan order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...PLAN]),
        fc.constantFrom(undefined, null, ''),
        async (missing, blank) => {
          const data: Record<string, unknown> = { ...full };
          for (const field of missing) data[field] = blank;
          expect(await requesting(data)).toBe(
            missing.length
              ? `the plan is incomplete: missing ${missing.join(', ')}`
              : undefined,
          );
        },
      ),
    );
  });
});

describeGuard('catalogUpdateDone', () => {
  const closing = (data: Record<string, unknown>) =>
    guards.catalogUpdateDone(
      ctxOf(change(data, 'verifying'), { to: 'closed' }),
    );
  const task = (kind: string, done: boolean) => ({ kind, done, title: kind });
  const refusal =
    'the change needs a CMDB update and its catalog-update task is not done';

  it('passes a change that needs no CMDB update', async () => {
    expect(await closing({ cmdbUpdate: false })).toBeUndefined();
  });

  it('passes once the catalog-update task is done', async () => {
    expect(
      await closing({
        cmdbUpdate: true,
        tasks: [task('other', false), task('cmdb_update', true)],
      }),
    ).toBeUndefined();
  });

  it('fails while the catalog-update task is missing or open', async () => {
    expect(await closing({ cmdbUpdate: true })).toBe(refusal);
    expect(
      await closing({
        cmdbUpdate: true,
        tasks: [task('cmdb_update', false), task('other', true)],
      }),
    ).toBe(refusal);
  });
});

describeGuard('outcomeGiven', () => {
  it('passes with an outcome in the body and fails without', async () => {
    const closing = (outcome?: 'successful' | 'failed' | 'backed_out') =>
      guards.outcomeGiven(
        ctxOf(change({}, 'verifying'), { to: 'closed', input: { outcome } }),
      );
    expect(await closing('backed_out')).toBeUndefined();
    expect(await closing()).toBe(
      'an outcome (successful, failed or backed_out) is required',
    );
  });
});

describeGuard('cabRejected', () => {
  it('passes only an RFC the last CAB meeting on it rejected', async () => {
    const rejecting = (cabDecision?: CabOutcome) => {
      const rfc = change({}, 'in_release');
      return guards.cabRejected(
        ctxOf(rfc, {
          to: 'rejected',
          cabDecisions: cabDecision ? { [rfc.id]: cabDecision } : {},
        }),
      );
    };
    expect(await rejecting('rejected')).toBeUndefined();
    for (const decision of [undefined, 'included', 'backlog'] as const) {
      expect(await rejecting(decision)).toBe(
        'no CAB meeting has rejected this RFC',
      );
    }
  });
});

describeGuard('notFromRelease', () => {
  it('keeps a change of a release plan from being handed to release management', async () => {
    const rfc = change({}, 'review');
    const handing = (plans = {}) =>
      guards.notFromRelease(
        ctxOf(rfc, { to: 'in_release', releasePlans: plans }),
      );
    expect(await handing()).toBeUndefined();
    expect(
      await handing({
        [rfc.id]: {
          changeId: rfc.id,
          releaseId: 'r1',
          coordinator: 'user:default/lukas',
          purpose: 'deliver',
          durationDays: 1,
          dependsOn: [],
          createdAt: rfc.createdAt,
          createdBy: rfc.createdBy,
        },
      }),
    ).toBe(
      'the change belongs to the plan of a release: register it for planning',
    );
  });
});

describeGuard('releaseFulfilled', () => {
  const closing = (linked: StoredRecord[]) =>
    guards.releaseFulfilled(
      ctxOf(change({}, 'in_release'), { to: 'closed', linked }),
    );
  const release = (state: string) => storedRecord('releases', { state });
  const refusal = 'the RFC is not part of a release that finished coordination';

  it('passes an RFC of a release that finished coordination', async () => {
    expect(await closing([release('reviewing')])).toBeUndefined();
    expect(await closing([release('closed')])).toBeUndefined();
  });

  it('fails while its release still coordinates, or without a release', async () => {
    expect(await closing([release('coordinating')])).toBe(refusal);
    expect(await closing([release('backlog')])).toBe(refusal);
    expect(await closing([])).toBe(refusal);
  });
});
