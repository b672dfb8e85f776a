import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { FieldErrors, get, ResolverOptions } from 'react-hook-form';
import { INCIDENT, SLA } from '../../__testUtils__/records';
import { emptyValues, valuesFromRecord } from './mapping';
import { FormValues } from './model';
import { placeIssues, RecordFormContext, recordResolver } from './resolver';
import { formFields } from './types';

const OPTIONS = {
  fields: {},
  shouldUseNativeValidation: false,
} as ResolverOptions<FormValues>;

async function resolve(
  type: ItsmRecordType,
  mode: 'create' | 'edit',
  values: FormValues,
  context?: RecordFormContext,
) {
  return recordResolver(type, mode)(values, context, OPTIONS);
}

/** The message shown under an input, by field name. */
const messageOf = (errors: FieldErrors<FormValues>, name: string) =>
  (get(errors, name) as { message?: string } | undefined)?.message;

function incidentValues(set: Record<string, unknown>): FormValues {
  return { ...emptyValues('incidents', ['component:default/a']), ...set };
}

describe('recordResolver', () => {
  it('names each missing input of an incident under that input', async () => {
    const { errors, values } = await resolve(
      'incidents',
      'create',
      emptyValues('incidents'),
    );
    expect(values).toEqual({});
    expect(messageOf(errors, 'title')).toBe('is required');
    expect(messageOf(errors, 'entityRefs')).toBe(
      'at least one catalog entity is required',
    );
    expect(messageOf(errors, 'impact')).toMatch(/Required|Invalid enum/);
    expect(messageOf(errors, 'urgency')).toMatch(/Required|Invalid enum/);
    expect(errors.root).toBeUndefined();
  });

  it('puts every bad entity ref under the catalog entities input', async () => {
    const { errors } = await resolve(
      'incidents',
      'create',
      incidentValues({
        title: 'Down',
        impact: 'high',
        urgency: 'high',
        entityRefs: 'payments-api\ncomponent:default/ok, cart',
      }),
    );
    expect(messageOf(errors, 'entityRefs')).toBe(
      '"payments-api" is not an entity ref of the form kind:namespace/name; ' +
        '"cart" is not an entity ref of the form kind:namespace/name',
    );
    expect(Object.keys(errors)).toEqual(['entityRefs']);
  });

  it('names an outage that ends before it starts under its end', async () => {
    const { errors } = await resolve(
      'incidents',
      'create',
      incidentValues({
        title: 'Down',
        impact: 'high',
        urgency: 'high',
        outage: {
          kind: 'down',
          start: '2026-11-24T10:00',
          end: '2026-11-24T09:00',
        },
      }),
    );
    expect(messageOf(errors, 'outage.end')).toBe(
      'end must not be before start',
    );
    expect(messageOf(errors, 'outage.start')).toBeUndefined();
  });

  it('names a bad SLA target and a party that is not a group', async () => {
    const values = valuesFromRecord('slas', SLA);
    const { errors } = await resolve('slas', 'create', {
      ...values,
      customerGroup: 'user:default/jane',
      targets: {
        ...(values.targets as object),
        responseMinutes: { P1: '0', P2: '30', P3: '240', P4: 'soon' },
      },
    });
    expect(messageOf(errors, 'customerGroup')).toBe(
      'must be a group entity ref (group:namespace/name)',
    );
    expect(messageOf(errors, 'targets.responseMinutes.P1')).toMatch(
      /greater than 0/,
    );
    expect(messageOf(errors, 'targets.responseMinutes.P4')).toMatch(
      /Expected number, received nan/,
    );
    expect(messageOf(errors, 'targets.responseMinutes.P2')).toBeUndefined();
  });

  it('names the template a standard change lacks, and a plan that ends first', async () => {
    const { errors } = await resolve('changes', 'create', {
      ...emptyValues('changes', ['component:default/a']),
      title: 'Rotate certificates',
      changeType: 'standard',
      plannedStart: '2026-12-02T12:00',
      plannedEnd: '2026-12-02T10:00',
    });
    expect(messageOf(errors, 'template')).toBe(
      'a standard change must name its template',
    );
    expect(messageOf(errors, 'plannedEnd')).toBe(
      'plannedEnd must be after plannedStart',
    );
  });

  it('resolves a valid create form to the parsed body', async () => {
    const { errors, values } = await resolve(
      'incidents',
      'create',
      incidentValues({
        title: '  Down  ',
        impact: 'high',
        urgency: 'low',
        entityRefs: 'Component:cart',
      }),
    );
    expect(errors).toEqual({});
    expect(values).toEqual({
      title: 'Down',
      entityRefs: ['component:default/cart'],
      impact: 'high',
      urgency: 'low',
    });
  });

  it('checks only the changed fields of an edit, against the update schema', async () => {
    const base = valuesFromRecord('incidents', INCIDENT);
    const context = { base, version: 3 };
    expect(await resolve('incidents', 'edit', base, context)).toEqual({
      values: { version: 3 },
      errors: {},
    });

    const bad = await resolve(
      'incidents',
      'edit',
      { ...base, assignee: 'group:default/ops' },
      context,
    );
    expect(messageOf(bad.errors, 'assignee')).toBe(
      'must be a user entity ref (user:namespace/name)',
    );

    const good = await resolve(
      'incidents',
      'edit',
      { ...base, assignee: 'User:jane' },
      context,
    );
    expect(good).toEqual({
      values: { version: 3, assignee: 'user:default/jane' },
      errors: {},
    });
  });

  it('reports a message about no input as the root error', async () => {
    const base = valuesFromRecord('incidents', INCIDENT);
    const { errors } = await resolve(
      'incidents',
      'edit',
      { ...base, title: 'Renamed' },
      { base, version: 0 },
    );
    expect(errors.root?.message).toMatch(/^version: Number must be greater/);
    expect(Object.keys(errors)).toEqual(['root']);
  });

  it('refuses to check an edit without the loaded record', async () => {
    await expect(
      resolve('incidents', 'edit', valuesFromRecord('incidents', INCIDENT)),
    ).rejects.toThrow('An edit form needs the loaded record');
  });
});

describe('placeIssues', () => {
  const fields = formFields('slas', 'edit');

  it('places a message by exact path, top-level name, or the first input under it', () => {
    expect(
      placeIssues(fields, [
        { path: ['title'], message: 'is required' },
        { path: ['entityRefs', 2], message: 'bad ref' },
        { path: ['targets', 'resolutionMinutes', 'P2'], message: 'too big' },
        { path: ['targets'], message: 'Required' },
      ]).errors,
    ).toEqual({
      title: 'is required',
      entityRefs: 'bad ref',
      'targets.resolutionMinutes.P2': 'too big',
      'targets.availabilityPercent': 'Required',
    });
  });

  it('keeps messages about no shown input for the banner, with their path', () => {
    expect(
      placeIssues(fields, [
        { path: ['version'], message: 'Expected number' },
        { path: [], message: 'Unrecognized key(s) in object: "state"' },
      ]),
    ).toEqual({
      errors: {},
      general: [
        'version: Expected number',
        'Unrecognized key(s) in object: "state"',
      ],
    });
  });
});
