import { createChangeSchema, createIncidentSchema } from '../schemas';
import {
  DEFAULT_CHANGE_TYPE,
  DEFAULT_SLA_TARGETS,
  changeTypeOf,
  newChangeData,
  newIncidentData,
  newProblemData,
  newReleaseData,
  newSlaData,
  serviceImpactOf,
  slaCalendarName,
  slaTermKind,
} from './defaults';
import { slaTargetsSchema } from '../schemas';

describe('record defaults', () => {
  it('fills an incident with its counters and empty resolution', () => {
    const input = createIncidentSchema.parse({
      title: 'Checkout fails',
      entityRefs: ['component:default/checkout'],
      impact: 'high',
      urgency: 'medium',
    });
    expect(newIncidentData(input)).toEqual({
      category: null,
      serviceType: 'user_restoration',
      impact: 'high',
      urgency: 'medium',
      outage: null,
      major: false,
      changeGate: null,
      causedByChange: null,
      pendingReason: null,
      resolutionCode: null,
      resolutionNotes: null,
      reopenCount: 0,
      sendBackCount: 0,
      reassignmentCount: 0,
      escalated: false,
    });
  });

  it('makes a normal change without a plan unless told otherwise', () => {
    expect(DEFAULT_CHANGE_TYPE).toBe('normal');
    expect(newChangeData()).toEqual({
      changeType: 'normal',
      template: null,
      incidentKey: null,
      category: null,
      plannedStart: null,
      plannedEnd: null,
      implementationPlan: '',
      testPlan: '',
      backoutPlan: '',
      serviceImpact: 'none',
      functionalChange: false,
      cmdbUpdate: false,
      tasks: [],
      outcome: null,
      requiredApprovers: [],
      sendBackCount: 0,
    });
    const input = createChangeSchema.parse({
      title: 'Upgrade',
      entityRefs: ['resource:default/ledger-db'],
      changeType: 'emergency',
      incidentKey: 'INC-1',
      serviceImpact: 'degraded',
    });
    expect(newChangeData(input)).toMatchObject({
      changeType: 'emergency',
      incidentKey: 'INC-1',
      serviceImpact: 'degraded',
    });
  });

  it('starts problems and releases empty', () => {
    expect(newProblemData({ category: 'availability' })).toEqual({
      category: 'availability',
      workaround: '',
      rootCause: '',
      candidateSolutions: [],
      recommendation: '',
      impasseReason: null,
      sendBackCount: 0,
    });
    expect(newReleaseData({ backlog: true })).toEqual({
      backlog: true,
      targetDate: null,
      withinBudget: false,
      summary: '',
    });
  });

  it('runs an SLA monthly on 24x7 without signatures', () => {
    const data = newSlaData({
      customerGroup: 'group:default/shop',
      serviceOwnerGroup: 'group:default/payments',
      targets: DEFAULT_SLA_TARGETS,
    });
    expect(data).toMatchObject({
      calendar: '24x7',
      term: 'monthly',
      signatures: {},
      targetHistory: [],
      terminationReason: null,
      declineReason: null,
    });
    expect(slaTargetsSchema.safeParse(DEFAULT_SLA_TARGETS).success).toBe(true);
  });

  it('reads stored records with the same defaults', () => {
    expect(slaCalendarName({})).toBe('24x7');
    expect(slaCalendarName({ calendar: 'business-hours-eu' })).toBe(
      'business-hours-eu',
    );
    expect(slaTermKind({})).toBe('monthly');
    expect(slaTermKind({ term: 'quarterly' })).toBe('quarterly');
    expect(slaTermKind({ term: 'yearly' })).toBe('monthly');
    expect(changeTypeOf({})).toBe('normal');
    expect(changeTypeOf({ changeType: 'standard' })).toBe('standard');
    expect(serviceImpactOf({})).toBe('none');
  });
});
