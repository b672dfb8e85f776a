import { ConflictError, InputError } from '@backstage/errors';
import { STATE_MACHINES } from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import { AMARA, PAYMENTS, storedRecord } from '../__testUtils__/fixtures';
import {
  describeEffect,
  describeGuard,
  fakeTransition,
} from '../__testUtils__/transitionContext';
import { StoredRecord } from '../store/types';
import { PROBLEM_EFFECTS, PROBLEM_GUARDS } from './rules';

const { linkedChangeSuccessful, linkedChangeExists } = PROBLEM_GUARDS;
const { createOrLinkChange } = PROBLEM_EFFECTS;

const change = (seq: number, state: string, outcome?: string) =>
  storedRecord('changes', {
    seq,
    state,
    data: outcome ? { outcome } : {},
  });

/** A known error of payments-api closing (or resolving) with these links. */
const closing = (linked: StoredRecord[], to = 'closed') =>
  fakeTransition({
    record: storedRecord('problems', {
      state: to === 'closed' ? 'resolved' : 'known_error',
    }),
    to,
    linked,
  }).ctx;

/** The change states in which a change has ended. */
const FINISHED = ['closed', 'rejected', 'cancelled'];

describeGuard('linkedChangeSuccessful', () => {
  it('passes a problem fixed without change', async () => {
    expect(await linkedChangeSuccessful(closing([]))).toBeUndefined();
    expect(
      await linkedChangeSuccessful(
        closing([storedRecord('incidents', { state: 'new' })]),
      ),
    ).toBeUndefined();
  });

  it('passes once a linked change closed successfully, whatever the others did', async () => {
    expect(
      await linkedChangeSuccessful(
        closing([
          change(1, 'closed', 'failed'),
          change(2, 'closed', 'successful'),
          change(3, 'rejected'),
        ]),
      ),
    ).toBeUndefined();
  });

  it('fails while a linked change is open, naming it', async () => {
    expect(
      await linkedChangeSuccessful(
        closing([
          change(1, 'implementing'),
          change(2, 'closed', 'successful'),
          change(3, 'in_release'),
        ]),
      ),
    ).toBe('linked change CHG-1, CHG-3 is still open');
  });

  it('fails when no linked change closed successfully, listing how each ended', async () => {
    expect(
      await linkedChangeSuccessful(
        closing(
          [change(1, 'closed', 'backed_out'), change(2, 'cancelled')],
          'resolved',
        ),
      ),
    ).toBe(
      'no linked change closed successfully (CHG-1: closed/backed_out, CHG-2: cancelled)',
    );
  });

  it('holds exactly when no linked change is open and, if any is linked, one succeeded (property)', async () => {
    const changes = fc
      .array(
        fc.record({
          state: fc.constantFrom(...STATE_MACHINES.changes.states),
          outcome: fc.constantFrom(
            undefined,
            'successful',
            'failed',
            'backed_out',
          ),
        }),
        { maxLength: 5 },
      )
      .map(list => list.map((c, i) => change(i + 1, c.state, c.outcome)));
    await fc.assert(
      fc.asyncProperty(changes, async linked => {
        const open = linked.filter(c => !FINISHED.includes(c.state));
        const succeeded = linked.some(
          c => c.state === 'closed' && c.data.outcome === 'successful',
        );
        const ended = linked.map(
          c =>
            `${c.key}: ${c.state}${c.data.outcome ? `/${c.data.outcome}` : ''}`,
        );
        let expected: string | undefined;
        if (open.length > 0) {
          expected = `linked change ${open
            .map(c => c.key)
            .join(', ')} is still open`;
        } else if (linked.length > 0 && !succeeded) {
          expected = `no linked change closed successfully (${ended.join(
            ', ',
          )})`;
        }
        expect(await linkedChangeSuccessful(closing(linked))).toBe(expected);
      }),
    );
  });
});

describeGuard('linkedChangeExists', () => {
  it('passes with a linked change, in any state', async () => {
    expect(
      await linkedChangeExists(closing([change(1, 'draft')], 'resolved')),
    ).toBeUndefined();
  });

  it('fails without a linked change (other linked records do not count)', async () => {
    expect(await linkedChangeExists(closing([], 'resolved'))).toBe(
      'no change is linked',
    );
    expect(
      await linkedChangeExists(
        closing([storedRecord('incidents', { state: 'closed' })], 'resolved'),
      ),
    ).toBe('no change is linked');
  });
});

describeEffect('createOrLinkChange', () => {
  const knownError = (overrides: Partial<StoredRecord> = {}) =>
    storedRecord('problems', {
      seq: 2,
      title: 'Connection pool exhaustion',
      state: 'root_cause_known',
      data: {
        category: 'software',
        rootCause: 'pool too small',
        recommendation: 'raise the pool size',
        workaround: 'restart the pods',
      },
      ...overrides,
    });

  it('links the open, not yet implemented change the body names', async () => {
    const planned = change(5, 'planning');
    const { ctx, patch, log } = fakeTransition({
      record: knownError(),
      to: 'known_error',
      input: { changeKey: 'CHG-5' },
      records: [planned],
    });
    await createOrLinkChange(ctx, patch);
    expect(log).toEqual(['link CHG-5']);
    expect(patch.notes).toEqual([
      { action: 'linked', field: 'change', to: 'CHG-5' },
    ]);
    expect(patch.notifications).toEqual([]);
  });

  it('refuses an unknown change and one already being implemented', async () => {
    const unknown = fakeTransition({
      record: knownError(),
      to: 'known_error',
      input: { changeKey: 'CHG-9' },
    });
    const missing = createOrLinkChange(unknown.ctx, unknown.patch);
    await expect(missing).rejects.toThrow(InputError);
    await expect(missing).rejects.toThrow('changeKey: no change CHG-9');

    const busy = fakeTransition({
      record: knownError(),
      to: 'known_error',
      input: { changeKey: 'CHG-5' },
      records: [change(5, 'implementing')],
    });
    const late = createOrLinkChange(busy.ctx, busy.patch);
    await expect(late).rejects.toThrow(ConflictError);
    await expect(late).rejects.toThrow(
      'CHG-5 is implementing; a known error links only to an open change not yet implemented',
    );
    expect([...unknown.log, ...busy.log]).toEqual([]);
  });

  it('otherwise raises an RFC for the change coordinator, from the analysis', async () => {
    const { ctx, patch, log, created } = fakeTransition({
      record: knownError(),
      to: 'known_error',
    });
    await createOrLinkChange(ctx, patch);
    expect(log).toEqual(['create CHG-1', 'link CHG-1']);
    expect(created[0]).toMatchObject({
      type: 'changes',
      key: 'CHG-1',
      title: 'Fix known error PRB-2: Connection pool exhaustion',
      description:
        'Raised from known error PRB-2.\n**Root cause:** pool too small' +
        '\n**Recommended solution:** raise the pool size' +
        '\n**Workaround meanwhile:** restart the pods',
      state: 'draft',
      entityRefs: ['component:default/payments-api'],
      ownerRefs: [PAYMENTS],
      assignedGroup: PAYMENTS,
      data: {
        changeType: 'normal',
        category: 'software',
        problemKey: 'PRB-2',
        requiredApprovers: [],
      },
    });
    expect(patch.notes).toEqual([
      { action: 'raised-rfc', field: 'change', to: 'CHG-1' },
    ]);
    expect(patch.notifications).toEqual([
      {
        recipients: [PAYMENTS],
        title: 'RFC CHG-1 raised for known error PRB-2',
        description: 'Connection pool exhaustion',
        link: '/itsm/changes/CHG-1',
      },
    ]);
  });

  it('keeps the RFC title within 200 characters and tells the requester when nobody coordinates', async () => {
    const { ctx, patch, created } = fakeTransition({
      record: knownError({
        title: 'x'.repeat(250),
        assignedGroup: null,
        data: {},
      }),
      to: 'known_error',
    });
    await createOrLinkChange(ctx, patch);
    expect(created[0].title).toHaveLength(200);
    expect(created[0].description).toBe('Raised from known error PRB-2.');
    expect(created[0].data.category).toBeNull();
    expect(patch.notifications[0].recipients).toEqual([AMARA]);
  });
});
