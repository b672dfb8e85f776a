import { ITSM_RECORD_TYPES } from '../recordTypes';
import { transitionSchema } from '../schemas';
import {
  findTransition,
  pickTransitionBody,
  STATE_MACHINES,
  takesField,
  TRANSITION_BASE_FIELDS,
  transitionBodyFields,
} from './index';

const transitions = ITSM_RECORD_TYPES.flatMap(type =>
  STATE_MACHINES[type].transitions.map(tr => ({ type, tr })),
);

describe('transition body fields', () => {
  it('pins which transitions take which fields besides to, version and reason', () => {
    const taking = Object.fromEntries(
      transitions
        .filter(({ tr }) => transitionBodyFields(tr).length > 0)
        .map(({ type, tr }) => [
          `${type} ${tr.from}>${tr.to}`,
          transitionBodyFields(tr),
        ]),
    );
    expect(taking).toEqual({
      'incidents new>assigned': ['assignedGroup', 'assignee'],
      'incidents new>resolved': [
        'resolutionCode',
        'resolutionNotes',
        'outageEnd',
      ],
      'incidents in_progress>pending': ['pendingReason'],
      'incidents in_progress>resolved': [
        'resolutionCode',
        'resolutionNotes',
        'outageEnd',
      ],
      'problems under_investigation>root_cause_known': ['rootCause'],
      'releases coordinating>reviewing': ['fulfilled'],
      'releases reviewing>closed': ['suggestions'],
      'problems root_cause_known>known_error': ['changeKey'],
      'problems root_cause_known>resolved': ['changeGate'],
      'problems resolved>closed': ['verification'],
      'changes verifying>closed': ['outcome'],
    });
  });

  it('declares only fields of the transition body, each once', () => {
    const bodyFields = Object.keys(transitionSchema.shape);
    for (const { tr } of transitions) {
      const declared = [
        ...(tr.requiredFields ?? []),
        ...(tr.optionalFields ?? []),
      ];
      expect(new Set(declared).size).toBe(declared.length);
      for (const field of transitionBodyFields(tr)) {
        expect(bodyFields).toContain(field);
        expect(TRANSITION_BASE_FIELDS).not.toContain(field);
      }
    }
  });

  it('tells whether a transition takes a field', () => {
    const resolve = findTransition('incidents', 'in_progress', 'resolved')!;
    expect(takesField(resolve, 'resolutionCode')).toBe(true);
    expect(takesField(resolve, 'resolutionNotes')).toBe(true);
    // The gate is the one recorded on the incident, never the resolve's.
    expect(takesField(resolve, 'changeGate')).toBe(false);
    expect(
      takesField(findTransition('incidents', 'new', 'resolved')!, 'changeGate'),
    ).toBe(false);
    // A problem records no gate beforehand: its resolve without change answers it.
    const problemResolve = findTransition(
      'problems',
      'root_cause_known',
      'resolved',
    )!;
    expect(takesField(problemResolve, 'changeGate')).toBe(true);
    expect(takesField(resolve, 'pendingReason')).toBe(false);
    const reopen = findTransition('incidents', 'resolved', 'assigned')!;
    expect(takesField(reopen, 'assignedGroup')).toBe(false);
  });

  it('keeps the base fields and those the transition takes, and drops the rest', () => {
    const pend = findTransition('incidents', 'in_progress', 'pending')!;
    expect(
      pickTransitionBody(pend, {
        to: 'pending',
        version: 4,
        reason: 'waiting',
        pendingReason: 'the bank',
        assignedGroup: 'group:default/ops',
        changeGate: { disruptsService: true },
      }),
    ).toEqual({
      to: 'pending',
      version: 4,
      reason: 'waiting',
      pendingReason: 'the bank',
    });
    const assign = findTransition('incidents', 'new', 'assigned')!;
    expect(
      pickTransitionBody(assign, {
        to: 'assigned',
        assignedGroup: 'group:default/ops',
        resolutionNotes: 'n/a',
      }),
    ).toEqual({ to: 'assigned', assignedGroup: 'group:default/ops' });
  });
});
