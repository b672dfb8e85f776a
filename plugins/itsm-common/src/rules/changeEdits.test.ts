import {
  cmdbUpdateFixed,
  MATERIAL_CHANGE_FIELDS,
  materialEditEffect,
  materialEdits,
} from './changeEdits';
import { freezeRefusal } from './freeze';
import { outsideWindowReason } from './windows';

const base = {
  entityRefs: ['resource:default/payments-db', 'component:default/api'],
  data: {
    plannedStart: '2026-12-01T22:00:00Z',
    plannedEnd: '2026-12-01T23:00:00Z',
    implementationPlan: 'upgrade',
    testPlan: 'test',
    backoutPlan: 'revert',
    serviceImpact: 'degraded',
    functionalChange: false,
    title: 'ignored',
    tasks: [],
  } as Record<string, unknown>,
};

describe('materialEdits', () => {
  it('names each material field that differs', () => {
    const after = {
      entityRefs: ['resource:default/payments-db'],
      data: {
        ...base.data,
        serviceImpact: 'unavailable',
        functionalChange: true,
        plannedEnd: '2026-12-02T00:00:00Z',
        testPlan: 'more tests',
      },
    };
    expect(materialEdits(base, after)).toEqual([
      'entityRefs',
      'serviceImpact',
      'functionalChange',
      'plannedEnd',
      'testPlan',
    ]);
  });

  it('ignores other fields, the same instant written differently and entities reordered', () => {
    const after = {
      entityRefs: ['Component:default/api', 'resource:default/payments-db'],
      data: {
        ...base.data,
        plannedStart: '2026-12-01T23:00:00+01:00',
        title: 'other',
        tasks: [{ kind: 'other', title: 'x', done: false }],
        cmdbUpdate: true,
      },
    };
    expect(materialEdits(base, after)).toEqual([]);
  });

  it('covers the fields the model names', () => {
    expect([...MATERIAL_CHANGE_FIELDS].sort()).toEqual(
      [
        'entityRefs',
        'serviceImpact',
        'functionalChange',
        'plannedStart',
        'plannedEnd',
        'implementationPlan',
        'testPlan',
        'backoutPlan',
      ].sort(),
    );
  });
});

describe('materialEditEffect', () => {
  const effect = (state: string, changeType = 'normal', skipped = false) =>
    materialEditEffect({ state, changeType, approvalSkipped: skipped });

  it('lets a change edit freely before approval is asked for', () => {
    for (const state of ['draft', 'review', 'planning', 'in_release']) {
      expect(effect(state)).toEqual({ kind: 'free' });
    }
  });

  it('returns a change in approval or scheduled to approval', () => {
    expect(effect('approval')).toEqual({
      kind: 'reapprove',
      state: 'approval',
    });
    expect(effect('scheduled')).toEqual({
      kind: 'reapprove',
      state: 'approval',
    });
    expect(effect('scheduled', 'standard')).toEqual({
      kind: 'reapprove',
      state: 'approval',
    });
  });

  it('rechecks a pre-approved standard change in place', () => {
    expect(effect('scheduled', 'standard', true)).toEqual({ kind: 'recheck' });
  });

  it('refuses once implementation started, and on a finished change', () => {
    for (const state of ['implementing', 'verifying', 'closed', 'rejected']) {
      expect(effect(state)).toEqual({ kind: 'refuse' });
    }
  });

  it('supersedes the retroactive approval of an emergency change in its own state', () => {
    expect(effect('draft', 'emergency')).toEqual({ kind: 'free' });
    for (const state of ['implementing', 'verifying']) {
      expect(effect(state, 'emergency')).toEqual({ kind: 'reapprove', state });
    }
  });
});

describe('cmdbUpdateFixed', () => {
  it('fixes the flag once approval is given', () => {
    const fixed = (state: string, changeType = 'normal') =>
      cmdbUpdateFixed({ state, changeType });
    for (const state of ['draft', 'review', 'planning', 'approval']) {
      expect(fixed(state)).toBe(false);
    }
    for (const state of ['scheduled', 'implementing', 'verifying']) {
      expect(fixed(state)).toBe(true);
    }
    expect(fixed('draft', 'emergency')).toBe(false);
    expect(fixed('implementing', 'emergency')).toBe(true);
    expect(fixed('verifying', 'emergency')).toBe(true);
  });
});

describe('outsideWindowReason', () => {
  const window = {
    start: Date.parse('2026-01-01T10:00:00Z'),
    end: Date.parse('2026-01-01T11:00:00Z'),
  };
  it('passes inside [start, end) and names the window otherwise', () => {
    expect(outsideWindowReason(window, window.start)).toBeUndefined();
    expect(outsideWindowReason(window, window.end - 1)).toBeUndefined();
    expect(outsideWindowReason(window, window.start - 1)).toMatch(
      /^implementation starts only inside the approved window 2026-01-01T10:00:00.000Z to 2026-01-01T11:00:00.000Z, which has not opened yet/,
    );
    expect(outsideWindowReason(window, window.end)).toMatch(
      /which closed \(it is 2026-01-01T11:00:00.000Z\)/,
    );
    expect(outsideWindowReason(undefined, 0)).toBe(
      'the change has no approved window',
    );
  });
});

describe('freezeRefusal', () => {
  it('names every freeze, and passes without one', () => {
    expect(freezeRefusal([])).toBeUndefined();
    expect(
      freezeRefusal([
        { title: 'Year-end', start: '2026-12-20', end: '2027-01-04' },
        { title: 'Audit' },
      ]),
    ).toBe(
      'the window lies inside freeze window Year-end (2026-12-20 to 2027-01-04), Audit; only an emergency change may be implemented in a freeze',
    );
  });
});
