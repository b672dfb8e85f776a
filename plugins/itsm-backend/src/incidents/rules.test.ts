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
const { incrementReopenCount, clearResolution } = INCIDENT_EFFECTS;

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

/** The change gate questions answered (all three). */
const answers = (yes: Partial<Gate> = {}): Gate => ({
  disruptsService: false,
  changesFunctionality: false,
  requiresCmdbUpdate: false,
  ...yes,
});

const refusal = (reasons: string[]) =>
  `the fix ${reasons.join(
    ', ',
  )}, so it needs change management: link a change (RFC), or have the service owner order an emergency change, and resolve once it is implemented (verifying, or closed successful)`;

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

const OUTCOMES = ['successful', 'failed', 'backed_out', undefined] as const;

/** Linked records of any type and state; changes of any type and outcome. */
const linkedArb: fc.Arbitrary<StoredRecord[]> = fc
  .array(
    fc.constantFrom(...ITSM_RECORD_TYPES).chain(type =>
      fc.record({
        type: fc.constant(type),
        state: fc.constantFrom(...STATE_MACHINES[type].states),
        outcome: fc.constantFrom(...OUTCOMES),
        emergency: fc.boolean(),
      }),
    ),
    { maxLength: 4 },
  )
  .map(links =>
    links.map(({ type, state, outcome, emergency }, i) =>
      storedRecord(type, {
        seq: i + 1,
        state,
        data: {
          ...(outcome ? { outcome } : {}),
          ...(type === 'changes' && emergency
            ? { changeType: 'emergency' }
            : {}),
        },
      }),
    ),
  );

const change = (state: string, data: Record<string, unknown> = {}, seq = 1) =>
  storedRecord('changes', { seq, state, data });

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
    expect(await resolve({ gateOnRecord: answers() })).toBeUndefined();
  });

  it('refuses a fix that disrupts the service without a change, naming why', async () => {
    expect(
      await resolve({ gateOnRecord: answers({ disruptsService: true }) }),
    ).toBe(
      refusal(['makes a service unavailable or degraded during service hours']),
    );
  });

  it('judges the gate recorded on the incident, whatever the resolve says', async () => {
    // The resolve cannot waive the recorded gate ...
    expect(
      await resolve({
        gateOnRecord: { requiresCmdbUpdate: true },
        gateInBody: answers(),
      }),
    ).toBe(refusal(['requires a CMDB update']));
    // ... nor raise one the incident does not record.
    expect(
      await resolve({ gateInBody: answers({ disruptsService: true }) }),
    ).toBeUndefined();
  });

  it('passes once a linked change is implemented: verifying, or closed successful', async () => {
    const gateOnRecord = answers({ requiresCmdbUpdate: true });
    expect(
      await resolve({ gateOnRecord, linked: [change('verifying')] }),
    ).toBeUndefined();
    expect(
      await resolve({
        gateOnRecord,
        linked: [change('closed', { outcome: 'successful' })],
      }),
    ).toBeUndefined();
    // An emergency change counts the same way.
    expect(
      await resolve({
        gateOnRecord,
        linked: [change('verifying', { changeType: 'emergency' })],
      }),
    ).toBeUndefined();
  });

  it('does not count a change not implemented yet, failed, backed out or abandoned, nor other linked types', async () => {
    const notImplemented = [
      ...['draft', 'review', 'planning', 'approval', 'scheduled'].map(s =>
        change(s),
      ),
      change('in_release'),
      change('implementing', { changeType: 'emergency' }),
      change('closed', { outcome: 'failed' }),
      change('closed', { outcome: 'backed_out' }),
      change('rejected'),
      change('cancelled'),
      storedRecord('problems', { state: 'closed' }),
    ];
    for (const linked of notImplemented) {
      expect(
        await resolve({
          gateOnRecord: { changesFunctionality: true },
          linked: [linked],
        }),
      ).toBe(refusal(['changes what the service does']));
    }
    expect(
      await resolve({
        gateOnRecord: { changesFunctionality: true },
        linked: notImplemented,
      }),
    ).toBe(refusal(['changes what the service does']));
  });

  it('also guards the resolve of a problem fixed without change, which answers the gate', async () => {
    const problem = (input: { changeGate?: Gate }, linked: StoredRecord[]) =>
      changeGate(
        fakeTransition({
          record: storedRecord('problems', { state: 'root_cause_known' }),
          to: 'resolved',
          input,
          linked,
        }).ctx,
      );
    const needsCmdb = { changeGate: answers({ requiresCmdbUpdate: true }) };
    expect(await problem(needsCmdb, [])).toBe(
      refusal(['requires a CMDB update']),
    );
    expect(await problem(needsCmdb, [change('scheduled')])).toBe(
      refusal(['requires a CMDB update']),
    );
    expect(await problem(needsCmdb, [change('verifying')])).toBeUndefined();
    expect(await problem({ changeGate: answers() }, [])).toBeUndefined();
  });

  it('holds exactly when no recorded condition applies or an implemented change is linked (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(gateArb, { nil: undefined }),
        fc.option(storedGateArb, { nil: undefined }),
        linkedArb,
        async (gateInBody, gateOnRecord, linked) => {
          // Only the answers recorded on the incident count.
          const gate: Partial<Gate> = gateOnRecord ?? {};
          const reasons = CONDITIONS.filter(([flag]) => gate[flag]).map(
            ([, words]) => words,
          );
          const implemented = linked.some(
            r =>
              r.type === 'changes' &&
              (r.state === 'verifying' ||
                (r.state === 'closed' && r.data.outcome === 'successful')),
          );
          const expected =
            reasons.length === 0 || implemented ? undefined : refusal(reasons);
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

describeEffect('clearResolution', () => {
  it('clears the resolution of the resolve a reopen undoes', async () => {
    const { ctx, patch } = fakeTransition({
      record: storedRecord('incidents', {
        state: 'resolved',
        data: {
          impact: 'high',
          resolutionCode: 'workaround',
          resolutionNotes: 'restarted the pods',
        },
      }),
      to: 'assigned',
    });
    await clearResolution(ctx, patch);
    expect(patch.data).toEqual({
      impact: 'high',
      resolutionCode: null,
      resolutionNotes: null,
    });
  });
});
