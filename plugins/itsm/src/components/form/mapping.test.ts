import {
  CREATE_SCHEMAS,
  DEFAULT_CHANGE_TYPE,
  DEFAULT_SLA_TARGETS,
  DEFAULT_SLA_TERM,
  ItsmRecord,
  ItsmRecordType,
  Problem,
  Release,
} from '@backstage-itsm/plugin-itsm-common';
import { CHANGE, INCIDENT, incident, SLA } from '../../__testUtils__/records';
import {
  emptyValues,
  fromLocalInput,
  toBody,
  toLocalInput,
  toPatch,
  valuesFromRecord,
} from './mapping';
import { FormValues } from './model';
import { formFields, formGroups } from './types';

const PROBLEM = {
  ...INCIDENT,
  type: 'problems',
  key: 'PRB-3',
  state: 'analysis',
  workaround: 'Restart the pods',
  candidateSolutions: ['Raise the pool size', 'Add a retry'],
} as unknown as Problem;

const RELEASE = {
  ...INCIDENT,
  type: 'releases',
  key: 'REL-2',
  state: 'planning',
  targetDate: '2026-12-01T09:30:00.000Z',
  withinBudget: true,
  summary: 'Payments 2.0',
} as unknown as Release;

const RECORDS: Record<ItsmRecordType, ItsmRecord> = {
  incidents: INCIDENT,
  problems: PROBLEM,
  changes: CHANGE,
  releases: RELEASE,
  slas: SLA,
};

/** The values with some inputs set, by field name. */
function withValues(values: FormValues, set: Record<string, unknown>) {
  const copy = JSON.parse(JSON.stringify(values)) as FormValues;
  for (const [name, value] of Object.entries(set)) {
    const parts = name.split('.');
    let obj = copy as Record<string, any>;
    for (const part of parts.slice(0, -1)) obj = obj[part];
    obj[parts[parts.length - 1]] = value;
  }
  return copy;
}

describe('form declarations', () => {
  it.each(Object.keys(RECORDS) as ItsmRecordType[])(
    '%s: starts with title, description and catalog entities, and names each input once',
    type => {
      const [basics] = formGroups(type, 'create');
      expect(basics.title).toBe('Basics');
      expect(basics.fields.map(f => f.name)).toEqual([
        'title',
        'description',
        'entityRefs',
      ]);
      const names = formFields(type, 'create').map(f => f.name);
      expect(new Set(names).size).toBe(names.length);
    },
  );

  it('leaves the create-only inputs out of the edit form', () => {
    const edit = formFields('changes', 'edit').map(f => f.name);
    expect(edit).not.toContain('changeType');
    expect(edit).not.toContain('template');
    expect(formFields('changes', 'create').map(f => f.name)).toContain(
      'changeType',
    );
    expect(formFields('releases', 'edit').map(f => f.name)).not.toContain(
      'backlog',
    );
  });
});

describe('form values <-> API body', () => {
  it.each(Object.keys(RECORDS) as ItsmRecordType[])(
    '%s: a record read into the form gives back a body the create schema takes',
    type => {
      const record = RECORDS[type];
      const body = toBody(type, 'create', valuesFromRecord(type, record));
      expect(body.title).toBe(record.title);
      expect(body.entityRefs).toEqual(record.entityRefs);
      const parsed = CREATE_SCHEMAS[type].safeParse(body);
      expect(parsed.error?.issues).toBeUndefined();
    },
  );

  it('prefills the entity refs and the defaults of the type', () => {
    expect(emptyValues('incidents', ['component:a', 'group:b'])).toMatchObject({
      title: '',
      entityRefs: 'component:a\ngroup:b',
      major: false,
      outage: { kind: '', start: '', end: '' },
    });
    expect(emptyValues('changes').changeType).toBe('normal');
    expect(emptyValues('changes').tasks).toEqual([]);
    expect(emptyValues('slas')).toMatchObject({
      term: 'monthly',
      targets: {
        availabilityPercent: '99.9',
        responseMinutes: { P1: '15' },
        resolutionMinutes: { P4: '5760' },
      },
    });
  });

  it('proposes the record defaults of itsm-common', () => {
    expect(toBody('changes', 'create', emptyValues('changes'))).toMatchObject({
      changeType: DEFAULT_CHANGE_TYPE,
    });
    expect(toBody('slas', 'create', emptyValues('slas'))).toMatchObject({
      term: DEFAULT_SLA_TERM,
      targets: DEFAULT_SLA_TARGETS,
    });
  });

  it('incidents: leaves empty optional inputs out when creating and nests the change gate', () => {
    const values = withValues(emptyValues('incidents', ['component:a']), {
      title: '  Checkout fails  ',
      impact: 'high',
      urgency: 'low',
      'changeGate.requiresCmdbUpdate': true,
    });
    expect(toBody('incidents', 'create', values)).toEqual({
      title: 'Checkout fails',
      entityRefs: ['component:a'],
      impact: 'high',
      urgency: 'low',
      changeGate: { requiresCmdbUpdate: true },
    });
  });

  it('incidents: sends an outage only with its kind, an open one without an end', () => {
    const start = '2026-11-24T10:00';
    const values = withValues(valuesFromRecord('incidents', INCIDENT), {
      'outage.kind': 'down',
      'outage.start': start,
    });
    expect(toBody('incidents', 'create', values).outage).toEqual({
      kind: 'down',
      start: fromLocalInput(start),
    });
    expect(toBody('incidents', 'edit', values).outage).toEqual({
      kind: 'down',
      start: fromLocalInput(start),
    });
    // No kind: the hidden start is not sent, and an edit clears the outage.
    const none = withValues(values, { 'outage.kind': '' });
    expect(toBody('incidents', 'create', none)).not.toHaveProperty('outage');
    expect(toBody('incidents', 'edit', none).outage).toBeNull();
  });

  it('incidents: an edit patch holds the version and the changed fields only', () => {
    const base = valuesFromRecord('incidents', INCIDENT);
    expect(toPatch('incidents', base, base, 3)).toEqual({ version: 3 });
    const edited = withValues(base, {
      title: 'Checkout fails for everyone',
      assignedGroup: '',
      'outage.kind': 'degraded',
      'outage.start': '2026-11-24T11:00',
    });
    expect(toPatch('incidents', base, edited, 3)).toEqual({
      version: 3,
      title: 'Checkout fails for everyone',
      assignedGroup: null,
      outage: {
        kind: 'degraded',
        start: fromLocalInput('2026-11-24T11:00'),
      },
    });
  });

  it('incidents: reads an outage back as local date-times', () => {
    const record = incident({
      outage: {
        kind: 'down',
        start: '2026-11-24T10:00:00.000Z',
        end: '2026-11-24T10:30:00.000Z',
      },
    });
    const values = valuesFromRecord('incidents', record);
    expect(values.outage).toEqual({
      kind: 'down',
      start: toLocalInput('2026-11-24T10:00:00.000Z'),
      end: toLocalInput('2026-11-24T10:30:00.000Z'),
    });
    expect(toBody('incidents', 'edit', values).outage).toEqual({
      kind: 'down',
      start: '2026-11-24T10:00:00.000Z',
      end: '2026-11-24T10:30:00.000Z',
    });
  });

  it('problems: candidate solutions are one per line', () => {
    const values = valuesFromRecord('problems', PROBLEM);
    expect(values.candidateSolutions).toBe('Raise the pool size\nAdd a retry');
    const edited = withValues(values, {
      candidateSolutions: ' One \n\nTwo\n',
    });
    expect(toBody('problems', 'edit', edited).candidateSolutions).toEqual([
      'One',
      'Two',
    ]);
  });

  it('changes: sends the template only for a standard change, and trims tasks', () => {
    const values = withValues(emptyValues('changes', ['component:a']), {
      title: 'Rotate certificates',
      template: 'cert-rotation',
      tasks: [{ kind: 'cmdb_update', title: ' Update the CMDB ', done: false }],
    });
    expect(toBody('changes', 'create', values)).toEqual({
      title: 'Rotate certificates',
      entityRefs: ['component:a'],
      changeType: 'normal',
      tasks: [{ kind: 'cmdb_update', title: 'Update the CMDB', done: false }],
    });
    const standard = withValues(values, { changeType: 'standard' });
    expect(toBody('changes', 'create', standard).template).toBe(
      'cert-rotation',
    );
  });

  it('changes: an emptied plan time is cleared with null', () => {
    const record = { ...CHANGE, plannedStart: '2026-12-02T10:00:00.000Z' };
    const base = valuesFromRecord('changes', record);
    expect(base.plannedStart).toBe(toLocalInput(record.plannedStart));
    const patch = toPatch(
      'changes',
      base,
      withValues(base, { plannedStart: '' }),
      5,
    );
    expect(patch).toEqual({ version: 5, plannedStart: null });
  });

  it('releases: the target date and flags round-trip', () => {
    const values = valuesFromRecord('releases', RELEASE);
    expect(values.withinBudget).toBe(true);
    expect(values.targetDate).toBe(toLocalInput(RELEASE.targetDate));
    const body = toBody('releases', 'edit', values);
    expect(body).toMatchObject({
      targetDate: '2026-12-01T09:30:00.000Z',
      withinBudget: true,
      summary: 'Payments 2.0',
    });
    expect(body).not.toHaveProperty('backlog');
  });

  it('slas: the targets are numbers, an empty optional one is left out', () => {
    const values = valuesFromRecord('slas', SLA);
    expect(values.targets).toMatchObject({
      availabilityPercent: '99.9',
      maxOutages: '',
      responseMinutes: { P1: '15', P4: '480' },
    });
    expect(toBody('slas', 'create', values).targets).toEqual(SLA.targets);
    const edited = withValues(values, { 'targets.maxOutages': '2' });
    expect(toPatch('slas', values, edited, 1)).toEqual({
      version: 1,
      targets: { ...SLA.targets, maxOutages: 2 },
    });
  });
});
