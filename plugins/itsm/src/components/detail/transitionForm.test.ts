import {
  findTransition,
  ITSM_RECORD_TYPES,
  ItsmRecordType,
  STATE_MACHINES,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import { ResolverOptions } from 'react-hook-form';
import { INCIDENT } from '../../__testUtils__/records';
import {
  checkTransition,
  initialTransitionValues,
  transitionInputs,
  transitionResolver,
  TransitionValues,
} from './transitionForm';

/** A transition of the state machines. */
const machine = (type: ItsmRecordType, from: string, to: string) => {
  const def = findTransition(type, from, to);
  if (!def) throw new Error(`no transition ${type} ${from} -> ${to}`);
  return def;
};

/** A made-up transition, for what no machine declares. */
const transition = (def: Partial<TransitionDef>): TransitionDef => ({
  from: 'in_progress',
  to: 'resolved',
  action: 'resolve',
  label: 'Resolve',
  guards: [],
  requiresReason: false,
  roles: [],
  ...def,
});

const RESOLVE = machine('incidents', 'in_progress', 'resolved');
const CANCEL = machine('incidents', 'in_progress', 'cancelled');
const ASSIGN = machine('incidents', 'new', 'assigned');

const names = (inputs: ReturnType<typeof transitionInputs>) =>
  inputs.map(i => `${i.name}${i.required ? '*' : ''}`);

describe('transitionInputs', () => {
  it('asks for the reason and each required field, then the optional ones', () => {
    expect(names(transitionInputs('incidents', CANCEL))).toEqual(['reason*']);
    const resolve = transitionInputs('incidents', RESOLVE);
    expect(names(resolve)).toEqual([
      'resolutionCode*',
      'resolutionNotes',
      'outageEnd',
    ]);
    expect(resolve[0]).toMatchObject({
      label: 'Resolution code',
      kind: 'select',
    });
    expect(resolve[0].options).toContain('workaround');
  });

  it('asks for the outage end only while the incident has an open outage, defaulting to now', async () => {
    const open = {
      ...INCIDENT,
      outage: { kind: 'down', start: '2026-11-24T09:00:00Z', end: null },
    } as unknown as typeof INCIDENT;
    const closed = {
      ...INCIDENT,
      outage: {
        kind: 'down',
        start: '2026-11-24T09:00:00Z',
        end: '2026-11-24T09:30:00Z',
      },
    } as unknown as typeof INCIDENT;
    expect(names(transitionInputs('incidents', RESOLVE, INCIDENT))).toEqual([
      'resolutionCode*',
      'resolutionNotes',
    ]);
    expect(names(transitionInputs('incidents', RESOLVE, closed))).not.toContain(
      'outageEnd',
    );
    const inputs = transitionInputs('incidents', RESOLVE, open);
    const end = inputs.find(i => i.name === 'outageEnd')!;
    expect(end.kind).toBe('datetime');
    const values = initialTransitionValues(open, inputs);
    // Now, in the browser's time, to the minute.
    expect(values.outageEnd).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(
      Math.abs(
        Date.parse(new Date(values.outageEnd).toISOString()) - Date.now(),
      ),
    ).toBeLessThan(120_000);
    // Sent as an ISO instant.
    const checked = await checkTransition(open, RESOLVE, inputs, {
      ...values,
      resolutionCode: 'fixed',
      outageEnd: '2026-11-24T10:15',
    });
    expect(checked).toMatchObject({
      ok: true,
      body: { outageEnd: new Date('2026-11-24T10:15').toISOString() },
    });
  });

  it('offers the optional fields only with the transitions that declare them', () => {
    expect(names(transitionInputs('incidents', ASSIGN))).toEqual([
      'assignedGroup',
      'assignee',
    ]);
    const pend = transitionInputs(
      'incidents',
      machine('incidents', 'in_progress', 'pending'),
    );
    expect(names(pend)).toEqual(['reason*', 'pendingReason']);
    expect(pend[1]).toMatchObject({ label: 'Waiting for' });
    expect(
      names(
        transitionInputs(
          'problems',
          machine('problems', 'root_cause_known', 'known_error'),
        ),
      ),
    ).toEqual(['changeKey']);
    expect(
      transitionInputs('incidents', machine('incidents', 'resolved', 'closed')),
    ).toEqual([]);
    expect(
      transitionInputs('changes', machine('changes', 'draft', 'review')),
    ).toEqual([]);
  });

  it('asks for exactly what each transition of the machines declares, each with a label', () => {
    for (const type of ITSM_RECORD_TYPES) {
      for (const def of STATE_MACHINES[type].transitions) {
        const inputs = transitionInputs(type, def);
        expect(names(inputs)).toEqual([
          ...(def.requiresReason ? ['reason*'] : []),
          ...(def.requiredFields ?? []).map(f => `${f}*`),
          ...(def.optionalFields ?? []),
        ]);
        for (const input of inputs) expect(input.label).not.toBe(input.name);
      }
    }
  });

  it('starts the assignment group at the routed one', () => {
    expect(
      initialTransitionValues(INCIDENT, transitionInputs('incidents', ASSIGN)),
    ).toEqual({ assignedGroup: 'group:default/payments-team', assignee: '' });
  });
});

describe('checkTransition', () => {
  const check = (def: TransitionDef, values: TransitionValues) =>
    checkTransition(INCIDENT, def, transitionInputs('incidents', def), values);

  it('names a missing required input by its label', async () => {
    expect(await check(RESOLVE, { resolutionCode: '  ' })).toEqual({
      ok: false,
      errors: { resolutionCode: 'Resolution code is required' },
    });
    expect(await check(CANCEL, {})).toEqual({
      ok: false,
      errors: { reason: 'Reason is required' },
    });
  });

  it('builds the body with the version, trimmed values and no empty ones', async () => {
    expect(
      await check(RESOLVE, {
        resolutionCode: 'fixed',
        resolutionNotes: '  Restarted the pods ',
      }),
    ).toEqual({
      ok: true,
      body: {
        to: 'resolved',
        version: 3,
        resolutionCode: 'fixed',
        resolutionNotes: 'Restarted the pods',
      },
    });
    expect(await check(RESOLVE, { resolutionCode: 'fixed' })).toEqual({
      ok: true,
      body: { to: 'resolved', version: 3, resolutionCode: 'fixed' },
    });
  });

  it('sends the RFCs a release fulfilled as a list of keys', async () => {
    const complete = machine('releases', 'coordinating', 'reviewing');
    expect(
      await checkTransition(
        { ...INCIDENT, version: 4 },
        complete,
        transitionInputs('releases', complete),
        { fulfilled: ' CHG-12, CHG-15  CHG-20 ' },
      ),
    ).toEqual({
      ok: true,
      body: {
        to: 'reviewing',
        version: 4,
        fulfilled: ['CHG-12', 'CHG-15', 'CHG-20'],
      },
    });
  });

  it('leaves an unchanged assignment group out and checks the refs with the schema', async () => {
    expect(
      await check(ASSIGN, {
        assignedGroup: 'group:default/payments-team',
        assignee: 'User:jane',
      }),
    ).toEqual({
      ok: true,
      body: { to: 'assigned', version: 3, assignee: 'user:default/jane' },
    });
    expect(
      await check(ASSIGN, { assignedGroup: 'user:default/jane', assignee: '' }),
    ).toEqual({
      ok: false,
      errors: {
        assignedGroup: 'must be a group entity ref (group:namespace/name)',
      },
      general: undefined,
    });
  });

  it('reports what belongs to no input as general', async () => {
    const odd = transition({ requiredFields: ['signedOffBy'] });
    const result = await check(odd, { signedOffBy: 'jane' });
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({
      errors: {},
      general: expect.stringContaining('signedOffBy'),
    });
  });
});

describe('transitionResolver', () => {
  const options = { fields: {} } as ResolverOptions<TransitionValues>;

  it('resolves to the body, or to errors by input with the rest at the root', async () => {
    const resolver = transitionResolver(
      INCIDENT,
      RESOLVE,
      transitionInputs('incidents', RESOLVE),
    );
    expect(
      await resolver({ resolutionCode: 'duplicate' }, undefined, options),
    ).toEqual({
      values: { to: 'resolved', version: 3, resolutionCode: 'duplicate' },
      errors: {},
    });
    expect(await resolver({ resolutionCode: '' }, undefined, options)).toEqual({
      values: {},
      errors: {
        resolutionCode: {
          type: 'validate',
          message: 'Resolution code is required',
        },
      },
    });

    const odd = transition({ requiredFields: ['signedOffBy'] });
    const general = await transitionResolver(
      INCIDENT,
      odd,
      transitionInputs('incidents', odd),
    )({ signedOffBy: 'jane' }, undefined, options);
    expect(general.errors.root?.message).toMatch(/signedOffBy/);
  });
});
