import {
  ITSM_RECORD_TYPES,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import { storedRecord } from '../__testUtils__/fixtures';
import {
  describeEffect,
  describeGuard,
  fakeTransition,
} from '../__testUtils__/transitionContext';
import { StoredRecord } from '../store/types';
import { INCIDENT_EFFECTS, INCIDENT_GUARDS } from './rules';

const { changeGate } = INCIDENT_GUARDS;
const { incrementReopenCount } = INCIDENT_EFFECTS;

/** The gate conditions as the process model words them, in its order. */
const CONDITIONS = [
  [
    'disruptsService',
    'makes a service unavailable or degraded during service hours',
  ],
  ['changesFunctionality', 'changes what the service does'],
  ['requiresCmdbUpdate', 'requires a CMDB update'],
] as const;

type Gate = Record<(typeof CONDITIONS)[number][0], boolean>;

/** The change gate questions as a transition body answers them (all three). */
const answers = (yes: Partial<Gate> = {}): Gate => ({
  disruptsService: false,
  changesFunctionality: false,
  requiresCmdbUpdate: false,
  ...yes,
});

const refusal = (reasons: string[]) =>
  `the fix ${reasons.join(
    ', ',
  )}, so it needs change management: link a change (RFC), or have the service owner order an emergency change`;

/** A change that was rejected or cancelled carries no fix. */
const ABANDONED_CHANGE_STATES = ['rejected', 'cancelled'];

const gateArb: fc.Arbitrary<Gate> = fc.record({
  disruptsService: fc.boolean(),
  changesFunctionality: fc.boolean(),
  requiresCmdbUpdate: fc.boolean(),
});
/** Stored answers may lack questions (records written before one was asked). */
const storedGateArb: fc.Arbitrary<Partial<Gate>> = fc.record(
  {
    disruptsService: fc.boolean(),
    changesFunctionality: fc.boolean(),
    requiresCmdbUpdate: fc.boolean(),
  },
  { requiredKeys: [] },
);

const linkedArb: fc.Arbitrary<StoredRecord[]> = fc
  .array(
    fc.constantFrom(...ITSM_RECORD_TYPES).chain(type =>
      fc.record({
        type: fc.constant(type),
        state: fc.constantFrom(...STATE_MACHINES[type].states),
      }),
    ),
    { maxLength: 4 },
  )
  .map(links =>
    links.map(({ type, state }, i) =>
      storedRecord(type, { seq: i + 1, state }),
    ),
  );

describeGuard('changeGate', () => {
  const resolve = (options: {
    gateInBody?: Gate;
    gateOnRecord?: Partial<Gate>;
    linked?: StoredRecord[];
  }) =>
    changeGate(
      fakeTransition({
        record: storedRecord('incidents', {
          state: 'in_progress',
          data: options.gateOnRecord
            ? { changeGate: options.gateOnRecord }
            : {},
        }),
        to: 'resolved',
        input: options.gateInBody
          ? { resolutionCode: 'fixed', changeGate: options.gateInBody }
          : { resolutionCode: 'fixed' },
        linked: options.linked,
      }).ctx,
    );

  it('passes a fix that needs no change, linked or not', async () => {
    expect(await resolve({})).toBeUndefined();
    expect(await resolve({ gateInBody: answers() })).toBeUndefined();
  });

  it('refuses a fix that disrupts the service without a change, naming why', async () => {
    expect(
      await resolve({ gateInBody: answers({ disruptsService: true }) }),
    ).toBe(
      refusal(['makes a service unavailable or degraded during service hours']),
    );
  });

  it('passes once a change that may still carry the fix is linked', async () => {
    const change = storedRecord('changes', { state: 'scheduled' });
    expect(
      await resolve({
        gateInBody: answers({ requiresCmdbUpdate: true }),
        linked: [change],
      }),
    ).toBeUndefined();
  });

  it('does not count a rejected or cancelled change, nor other linked types', async () => {
    expect(
      await resolve({
        gateOnRecord: { changesFunctionality: true },
        linked: [
          storedRecord('changes', { seq: 1, state: 'rejected' }),
          storedRecord('changes', { seq: 2, state: 'cancelled' }),
          storedRecord('problems', { state: 'known_error' }),
        ],
      }),
    ).toBe(refusal(['changes what the service does']));
  });

  it('also guards the resolve of a problem fixed without change', async () => {
    const { ctx } = fakeTransition({
      record: storedRecord('problems', {
        state: 'root_cause_known',
        data: { changeGate: { requiresCmdbUpdate: true } },
      }),
      to: 'resolved',
    });
    expect(await changeGate(ctx)).toBe(refusal(['requires a CMDB update']));
  });

  it('holds exactly when no condition applies or an unabandoned change is linked (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(gateArb, { nil: undefined }),
        fc.option(storedGateArb, { nil: undefined }),
        linkedArb,
        async (gateInBody, gateOnRecord, linked) => {
          // The body's answers replace those stored on the record.
          const gate: Partial<Gate> = gateInBody ?? gateOnRecord ?? {};
          const reasons = CONDITIONS.filter(([flag]) => gate[flag]).map(
            ([, words]) => words,
          );
          const carried = linked.some(
            r =>
              r.type === 'changes' &&
              !ABANDONED_CHANGE_STATES.includes(r.state),
          );
          const expected =
            reasons.length === 0 || carried ? undefined : refusal(reasons);
          expect(await resolve({ gateInBody, gateOnRecord, linked })).toBe(
            expected,
          );
        },
      ),
    );
  });
});

describeEffect('incrementReopenCount', () => {
  it('counts every reopen of an incident', async () => {
    const first = fakeTransition({
      record: storedRecord('incidents', { state: 'resolved' }),
      to: 'assigned',
    });
    await incrementReopenCount(first.ctx, first.patch);
    expect(first.patch.data.reopenCount).toBe(1);

    const again = fakeTransition({
      record: storedRecord('incidents', {
        state: 'resolved',
        data: { reopenCount: 1, impact: 'high' },
      }),
      to: 'assigned',
    });
    await incrementReopenCount(again.ctx, again.patch);
    expect(again.patch.data).toEqual({ reopenCount: 2, impact: 'high' });
  });
});
