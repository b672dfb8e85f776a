import {
  PAYMENTS,
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

/*
 * The guards that keep an approval to what was approved: freezes, conflicts
 * of standard changes, the approved window, the retroactive registration of
 * an emergency change.
 */

const guards = changeGuards({ standardTemplates: new Map() });

const change = (data: Record<string, unknown>, state = 'draft') =>
  storedRecord('changes', { state, data: { changeType: 'normal', ...data } });

const ctxOf = (
  record: StoredRecord,
  options: Omit<FakeTransitionOptions, 'record'> = {},
) => fakeTransition({ record, ...options }).ctx;

describeGuard('outsideFreeze', () => {
  const freezes = {
    assessment: {
      freezeWindows: [
        {
          title: 'Year-end freeze',
          start: '2026-12-20T00:00:00Z',
          end: '2027-01-04T00:00:00Z',
        },
        { title: 'Black Friday' },
      ],
    },
  };
  const requesting = (data: Record<string, unknown>) =>
    guards.outsideFreeze(ctxOf(change(data, 'planning'), { to: 'approval' }));

  it('passes a change outside every freeze window', async () => {
    expect(await requesting({ changeType: 'standard' })).toBeUndefined();
    expect(
      await requesting({ assessment: { freezeWindows: [] } }),
    ).toBeUndefined();
  });

  it('fails a normal or standard change inside freeze windows, naming them', async () => {
    for (const changeType of ['normal', 'standard']) {
      expect(await requesting({ changeType, ...freezes })).toBe(
        'the window lies inside freeze window Year-end freeze (2026-12-20T00:00:00Z to 2027-01-04T00:00:00Z), Black Friday; only an emergency change may be implemented in a freeze',
      );
    }
  });

  it('passes an emergency change', async () => {
    expect(
      await requesting({ changeType: 'emergency', ...freezes }),
    ).toBeUndefined();
  });
});

describeGuard('noConflictingChanges', () => {
  const conflicts = {
    assessment: {
      conflicts: [
        {
          changeKey: 'CHG-7',
          title: 'Roll pods',
          state: 'scheduled',
          plannedStart: '2026-12-01T22:00:00Z',
          plannedEnd: '2026-12-01T23:00:00Z',
          entityRefs: ['component:default/payments-api'],
        },
      ],
    },
  };
  const scheduling = (data: Record<string, unknown>) =>
    guards.noConflictingChanges(
      ctxOf(change(data, 'planning'), { to: 'scheduled' }),
    );

  it('fails a standard change over a conflicting change, naming it', async () => {
    expect(await scheduling({ changeType: 'standard', ...conflicts })).toBe(
      'a standard change may not overlap other changes on the same entities: CHG-7 (2026-12-01T22:00:00Z to 2026-12-01T23:00:00Z, component:default/payments-api)',
    );
  });

  it('passes a standard change without conflicts, and leaves those of other changes to the change manager', async () => {
    expect(
      await scheduling({
        changeType: 'standard',
        assessment: { conflicts: [] },
      }),
    ).toBeUndefined();
    expect(await scheduling({ changeType: 'normal', ...conflicts })).toBe(
      undefined,
    );
  });
});

describeGuard('withinApprovedWindow', () => {
  const window = {
    plannedStart: '2026-01-02T09:00:00Z',
    plannedEnd: '2026-01-02T11:00:00Z',
  };
  const starting = (data: Record<string, unknown>, now: string) => {
    const { ctx } = fakeTransition({
      record: change(data, 'scheduled'),
      to: 'implementing',
    });
    return guards.withinApprovedWindow({ ...ctx, now });
  };

  it('passes inside the window [start, end)', async () => {
    expect(await starting(window, '2026-01-02T09:00:00.000Z')).toBeUndefined();
    expect(await starting(window, '2026-01-02T10:59:59.999Z')).toBeUndefined();
  });

  it('fails before the window opens and once it closed, naming it', async () => {
    expect(await starting(window, '2026-01-02T08:59:59.999Z')).toBe(
      'implementation starts only inside the approved window 2026-01-02T09:00:00.000Z to 2026-01-02T11:00:00.000Z, which has not opened yet (it is 2026-01-02T08:59:59.999Z)',
    );
    expect(await starting(window, '2026-01-02T11:00:00.000Z')).toBe(
      'implementation starts only inside the approved window 2026-01-02T09:00:00.000Z to 2026-01-02T11:00:00.000Z, which closed (it is 2026-01-02T11:00:00.000Z); move the window, which asks for approval again',
    );
    expect(await starting({}, '2026-01-02T10:00:00.000Z')).toBe(
      'the change has no approved window',
    );
  });

  it('exempts an emergency change', async () => {
    expect(
      await starting({ changeType: 'emergency' }, '2026-01-02T12:00:00.000Z'),
    ).toBeUndefined();
  });
});

describeGuard('doneWithinApprovedWindow', () => {
  const window = {
    plannedStart: '2026-01-02T09:00:00Z',
    plannedEnd: '2026-01-02T11:00:00Z',
  };
  const completing = (data: Record<string, unknown>, now: string) => {
    const { ctx } = fakeTransition({
      record: change(data, 'implementing'),
      to: 'verifying',
    });
    return guards.doneWithinApprovedWindow({ ...ctx, now });
  };

  it('passes up to and including the end of the window', async () => {
    expect(
      await completing(window, '2026-01-02T09:30:00.000Z'),
    ).toBeUndefined();
    expect(
      await completing(window, '2026-01-02T11:00:00.000Z'),
    ).toBeUndefined();
  });

  it('fails once the window closed, naming it and the way on', async () => {
    expect(await completing(window, '2026-01-02T11:00:00.001Z')).toBe(
      'the approved window 2026-01-02T09:00:00.000Z to 2026-01-02T11:00:00.000Z closed before the implementation was done (it is 2026-01-02T11:00:00.001Z); a transfer to production out of the approved window requires approval again: request approval again and move the window',
    );
  });

  it('exempts an emergency change, approved after it is implemented', async () => {
    expect(
      await completing(
        { ...window, changeType: 'emergency' },
        '2026-01-03T12:00:00.000Z',
      ),
    ).toBeUndefined();
  });
});

describeGuard('retroactiveApproval', () => {
  const owner = { approverRef: PAYMENTS, reason: 'service owner' };
  const incident = storedRecord('incidents', { state: 'resolved' });
  const registered = {
    implementationPlan: 'hotfix rolled out',
    testPlan: 'smoke test',
    backoutPlan: 'roll back',
    plannedStart: '2026-01-02T09:00:00Z',
    plannedEnd: '2026-01-02T10:00:00Z',
  };
  const closing = (
    data: Record<string, unknown>,
    approvals: StoredApproval[],
    linked: StoredRecord[] = [incident],
  ) =>
    guards.retroactiveApproval(
      ctxOf(
        change(
          { changeType: 'emergency', requiredApprovers: [owner], ...data },
          'verifying',
        ),
        { to: 'closed', approvals, linked },
      ),
    );

  it('passes other change types', async () => {
    expect(await closing({ changeType: 'normal' }, [], [])).toBeUndefined();
  });

  it('fails an emergency change not registered with every plan, its window and its incident', async () => {
    const approved = [storedApproval(PAYMENTS, 'approve')];
    expect(await closing({}, approved, [])).toBe(
      'register the emergency change retroactively before closing it: missing plannedStart, plannedEnd, implementationPlan, testPlan, backoutPlan, the linked incident',
    );
    expect(
      await closing(
        { implementationPlan: 'hotfix rolled out', testPlan: 'smoke test' },
        approved,
      ),
    ).toBe(
      'register the emergency change retroactively before closing it: missing plannedStart, plannedEnd, backoutPlan',
    );
    expect(await closing(registered, approved, [])).toBe(
      'register the emergency change retroactively before closing it: missing the linked incident',
    );
  });

  it('fails until the authoriser approved retroactively, then passes', async () => {
    expect(await closing(registered, [])).toBe(
      `the emergency change still needs the retroactive approval of ${PAYMENTS}`,
    );
    expect(
      await closing(registered, [storedApproval(PAYMENTS, 'approve')]),
    ).toBeUndefined();
  });
});
