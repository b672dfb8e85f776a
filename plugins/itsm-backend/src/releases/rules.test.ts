import {
  AMARA,
  callerOf,
  LUKAS,
  PAYMENTS,
  SOFIA,
  storedRecord,
} from '../__testUtils__/fixtures';
import {
  describeEffect,
  describeGuard,
  fakeTransition,
  FakeTransitionOptions,
} from '../__testUtils__/transitionContext';
import { StoredRecord } from '../store/types';
import { RELEASE_EFFECTS, RELEASE_GUARDS } from './rules';

const { allChangesClosed, withinBudget, notProposer } = RELEASE_GUARDS;
const {
  returnRfcsToBacklog,
  returnUnmetRfcsToBacklog,
  notifyRequesters,
  notifyCab,
  publishReview,
} = RELEASE_EFFECTS;

/** REL-1 of payments-api, defined by amara. */
const release = (state: string, overrides: Partial<StoredRecord> = {}) =>
  storedRecord('releases', {
    title: 'Payments 2026.12',
    state,
    ...overrides,
  });

const change = (
  seq: number,
  state: string,
  overrides: Partial<StoredRecord> = {},
) => storedRecord('changes', { seq, state, ...overrides });

const transition = (
  record: StoredRecord,
  options: Omit<FakeTransitionOptions, 'record'> = {},
) => fakeTransition({ record, ...options });

describeGuard('allChangesClosed', () => {
  const finishing = (linked: StoredRecord[]) =>
    allChangesClosed(
      transition(release('coordinating'), { to: 'reviewing', linked }).ctx,
    );

  it('passes when every change is finished or waits in the release', async () => {
    expect(
      await finishing([
        change(1, 'in_release'),
        change(2, 'closed'),
        change(3, 'rejected'),
        change(4, 'cancelled'),
        storedRecord('incidents', { state: 'new' }),
      ]),
    ).toBeUndefined();
    expect(await finishing([])).toBeUndefined();
  });

  it('fails while a change is open, naming every open one', async () => {
    expect(
      await finishing([
        change(1, 'implementing'),
        change(2, 'closed'),
        change(3, 'scheduled'),
      ]),
    ).toBe('change CHG-1, CHG-3 is still open');
  });
});

describeGuard('withinBudget', () => {
  it('passes a release recorded as within budget and fails the others', async () => {
    const coordinating = (data: Record<string, unknown>) =>
      withinBudget(
        transition(release('defined', { data }), { to: 'coordinating' }).ctx,
      );
    expect(await coordinating({ withinBudget: true })).toBeUndefined();
    for (const data of [{ withinBudget: false }, {}]) {
      expect(await coordinating(data)).toBe(
        'the release is not recorded as within budget; it needs a business case',
      );
    }
  });
});

describeGuard('notProposer', () => {
  const approving = (userRef: string) =>
    notProposer(
      transition(
        release('justification', {
          createdBy: AMARA,
          data: { businessCaseBy: LUKAS },
        }),
        { to: 'coordinating', caller: callerOf(userRef) },
      ).ctx,
    );

  it('passes someone who proposed nothing of it', async () => {
    expect(await approving(SOFIA)).toBeUndefined();
  });

  it('fails the creator and the proposer of the business case', async () => {
    expect(await approving(AMARA)).toBe('nobody approves their own proposal');
    expect(await approving(LUKAS)).toBe('nobody approves their own proposal');
  });
});

/** RFCs of the release: one waiting in it, one fulfilled, one rejected. */
const rfcs = () => [
  change(1, 'in_release', {
    data: { systemRefs: ['system:default/payments'] },
  }),
  change(2, 'closed', { data: { outcome: 'successful' } }),
  change(3, 'rejected'),
];

describeEffect('returnRfcsToBacklog', () => {
  it("returns every RFC still waiting to its service's backlog, creating it if needed", async () => {
    const { ctx, log, created } = transition(release('defined'), {
      to: 'cancelled',
      input: { reason: 'budget cut' },
      linked: rfcs(),
    });
    await returnRfcsToBacklog(ctx);
    expect(log).toEqual([
      'unlink CHG-1',
      'create REL-2',
      'backlog of system:default/payments: REL-2',
      'linkPair CHG-1 REL-2',
    ]);
    expect(created[0]).toMatchObject({
      state: 'backlog',
      title: 'Backlog of system:default/payments',
      entityRefs: ['system:default/payments'],
    });
  });
});

describeEffect('returnUnmetRfcsToBacklog', () => {
  const backlog = release('backlog', {
    seq: 5,
    entityRefs: ['system:default/payments'],
  });
  const waiting = change(4, 'in_release', {
    entityRefs: ['component:default/payments-api'],
  });
  const completing = (fulfilled?: string[]) =>
    transition(release('coordinating'), {
      to: 'reviewing',
      input: fulfilled ? { fulfilled } : {},
      // A coordination change (scheduled) is not an RFC: it never goes back.
      linked: [...rfcs(), waiting, change(6, 'scheduled')],
      records: [backlog],
    });

  it('returns every RFC still waiting when none is named fulfilled', async () => {
    const { ctx, log } = completing();
    await returnUnmetRfcsToBacklog(ctx);
    expect(log).toEqual([
      'unlink CHG-1',
      'linkPair CHG-1 REL-5',
      'unlink CHG-4',
      'create REL-6',
      'backlog of component:default/payments-api: REL-6',
      'linkPair CHG-4 REL-6',
    ]);
  });

  it('keeps the RFCs named fulfilled, to be closed as such', async () => {
    const { ctx, log } = completing(['chg-4']);
    await returnUnmetRfcsToBacklog(ctx);
    expect(log).toEqual(['unlink CHG-1', 'linkPair CHG-1 REL-5']);
  });

  it('refuses a fulfilled key that is not an RFC waiting in the release', async () => {
    for (const key of ['CHG-2', 'CHG-6', 'CHG-99']) {
      const { ctx, log } = completing(['CHG-4', key]);
      await expect(returnUnmetRfcsToBacklog(ctx)).rejects.toThrow(
        new RegExp(`^fulfilled: ${key} is not an RFC of REL-\\d+ waiting`),
      );
      expect(log).toEqual([]);
    }
  });
});

describeGuard('rfcsDecided', () => {
  it('holds the release open while an RFC waits for its outcome', async () => {
    const closing = (linked: ReturnType<typeof rfcs>) =>
      RELEASE_GUARDS.rfcsDecided(
        transition(release('reviewing'), { to: 'closed', linked }).ctx,
      );
    expect(await closing(rfcs())).toBe(
      'CHG-1 still waits for an outcome: close it as fulfilled first',
    );
    expect(await closing(rfcs().slice(1))).toBeUndefined();
  });
});

describeEffect('notifyRequesters', () => {
  it('tells the requester of every RFC of the release', async () => {
    const { ctx, patch } = transition(release('coordinating'), {
      to: 'reviewing',
      linked: [
        change(1, 'in_release', { createdBy: SOFIA }),
        change(2, 'in_release', { createdBy: LUKAS }),
        storedRecord('incidents', { createdBy: AMARA }),
      ],
    });
    await notifyRequesters(ctx, patch);
    expect(patch.notifications).toEqual([
      {
        recipients: [SOFIA, LUKAS],
        title: 'Release REL-1 is now reviewing',
        description: 'Payments 2026.12',
        link: '/itsm/releases/REL-1',
      },
    ]);
  });
});

describeEffect('publishReview', () => {
  it('keeps the suggestions and sends them to the service owner and the coordinators of the plan', async () => {
    const rel = release('reviewing', { ownerRefs: [PAYMENTS] });
    const entry = (changeId: string, coordinator: string) => ({
      changeId,
      releaseId: rel.id,
      coordinator,
      purpose: 'deliver' as const,
      durationDays: 1,
      dependsOn: [],
      createdAt: rel.createdAt,
      createdBy: AMARA,
    });
    const { ctx, patch } = transition(rel, {
      to: 'closed',
      input: { suggestions: 'Book the DBA a week earlier' },
      releasePlans: {
        c1: entry('c1', LUKAS),
        c2: entry('c2', AMARA),
        c3: { ...entry('c3', LUKAS), releaseId: 'another' },
      },
    });
    await publishReview(ctx, patch);
    expect(patch.data.reviewSuggestions).toBe('Book the DBA a week earlier');
    expect(patch.notifications).toEqual([
      {
        recipients: [PAYMENTS, LUKAS, AMARA],
        title: 'Release REL-1 reviewed: improvement suggestions',
        description: 'Book the DBA a week earlier',
        link: '/itsm/releases/REL-1',
      },
    ]);
  });
});

describeEffect('notifyCab', () => {
  it('offers the CAB of the service to bring its next meeting forward', async () => {
    const { ctx, patch } = transition(release('coordinating'), {
      to: 'cancelled',
      input: { reason: 'budget cut' },
    });
    await notifyCab(ctx, patch);
    expect(patch.notifications).toEqual([
      {
        recipients: [PAYMENTS],
        title:
          'Release REL-1 cancelled: the CAB may bring its next meeting forward',
        description: 'budget cut',
        link: '/itsm/releases/REL-1',
      },
    ]);
  });

  it('tells the members of the CAB meeting that registered the release', async () => {
    const rel = release('justification');
    const { ctx, patch } = transition(rel, {
      to: 'cancelled',
      input: { reason: 'business case rejected' },
      cabMembers: { [rel.id]: [AMARA, LUKAS] },
    });
    await notifyCab(ctx, patch);
    expect(patch.notifications[0].recipients).toEqual([AMARA, LUKAS]);
  });

  it('tells the creator when no group coordinates the release', async () => {
    const { ctx, patch } = transition(
      release('defined', { assignedGroup: null, createdBy: LUKAS }),
      { to: 'cancelled', input: { reason: 'merged into REL-2' } },
    );
    await notifyCab(ctx, patch);
    expect(patch.notifications[0].recipients).toEqual([LUKAS]);
  });
});
