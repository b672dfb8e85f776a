import {
  CHANGE_TYPES,
  INCIDENT_SERVICE_TYPES,
  ItsmRecord,
  ItsmRecordType,
  LEVELS,
  OUTAGE_KINDS,
  PRIORITIES,
  SERVICE_IMPACTS,
  SLA_TERMS,
} from '@backstage-itsm/plugin-itsm-common';
import { splitList } from '../list/filters';

/** A task row of the change form. */
export interface TaskValue {
  kind: string;
  title: string;
  done: boolean;
}

export type FieldValue = string | boolean | TaskValue[];
export type FormValues = Record<string, FieldValue>;

export type FieldKind =
  | 'text'
  | 'multiline'
  | 'select'
  | 'checkbox'
  | 'datetime'
  | 'number'
  | 'refs'
  | 'lines'
  | 'tasks';

/** One input of a record form. `name` is the JSON path, dotted for nested fields. */
export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  group: string;
  options?: readonly string[];
  required?: boolean;
  /** The API takes null to clear it. */
  nullable?: boolean;
  helperText?: string;
  /** Only set when creating (the update schema does not take it). */
  createOnly?: boolean;
  /** Shown only when this holds for the current values. */
  showIf?: (values: FormValues) => boolean;
}

const BASICS = 'Basics';

const commonFields: FormField[] = [
  {
    name: 'title',
    label: 'Title',
    kind: 'text',
    group: BASICS,
    required: true,
  },
  {
    name: 'description',
    label: 'Description',
    kind: 'multiline',
    group: BASICS,
    helperText: 'Markdown',
  },
  {
    name: 'entityRefs',
    label: 'Catalog entities',
    kind: 'refs',
    group: BASICS,
    required: true,
    helperText:
      'Entity refs of the affected CIs, separated by commas or new lines, e.g. component:default/payments-api',
  },
];

const assignment = (group: string, withAssignee = true): FormField[] => [
  {
    name: 'assignedGroup',
    label: 'Assignment group',
    kind: 'text',
    group,
    nullable: true,
    helperText: 'group:namespace/name',
  },
  ...(withAssignee
    ? [
        {
          name: 'assignee',
          label: 'Assignee',
          kind: 'text' as const,
          group,
          nullable: true,
          helperText: 'user:namespace/name',
        },
      ]
    : []),
];

const FIELDS: Record<ItsmRecordType, FormField[]> = {
  incidents: [
    ...commonFields,
    {
      name: 'impact',
      label: 'Impact',
      kind: 'select',
      options: LEVELS,
      group: 'Classification',
      required: true,
    },
    {
      name: 'urgency',
      label: 'Urgency',
      kind: 'select',
      options: LEVELS,
      group: 'Classification',
      required: true,
    },
    {
      name: 'serviceType',
      label: 'Service type',
      kind: 'select',
      options: INCIDENT_SERVICE_TYPES,
      group: 'Classification',
    },
    {
      name: 'category',
      label: 'Category',
      kind: 'text',
      group: 'Classification',
    },
    {
      name: 'major',
      label: 'Major incident',
      kind: 'checkbox',
      group: 'Classification',
    },
    ...assignment('Assignment'),
    {
      name: 'outage.kind',
      label: 'Outage',
      kind: 'select',
      options: OUTAGE_KINDS,
      group: 'Outage',
      nullable: true,
      helperText: 'Leave empty when the service is not down or degraded',
    },
    {
      name: 'outage.start',
      label: 'Outage start',
      kind: 'datetime',
      group: 'Outage',
      showIf: v => !!v['outage.kind'],
    },
    {
      name: 'outage.end',
      label: 'Outage end',
      kind: 'datetime',
      group: 'Outage',
      showIf: v => !!v['outage.kind'],
    },
    {
      name: 'changeGate.disruptsService',
      label:
        'The fix makes a service unavailable or degraded during service hours',
      kind: 'checkbox',
      group: 'Change gate',
    },
    {
      name: 'changeGate.changesFunctionality',
      label: 'The fix changes what the service does',
      kind: 'checkbox',
      group: 'Change gate',
    },
    {
      name: 'changeGate.requiresCmdbUpdate',
      label: 'The fix requires a catalog (CMDB) update',
      kind: 'checkbox',
      group: 'Change gate',
    },
  ],
  problems: [
    ...commonFields,
    { name: 'category', label: 'Category', kind: 'text', group: 'Analysis' },
    ...assignment('Analysis'),
    {
      name: 'workaround',
      label: 'Workaround',
      kind: 'multiline',
      group: 'Analysis',
      helperText: 'Markdown; usable by the service desk as soon as it is saved',
    },
    {
      name: 'rootCause',
      label: 'Root cause',
      kind: 'multiline',
      group: 'Analysis',
      helperText: 'Markdown',
    },
    {
      name: 'candidateSolutions',
      label: 'Candidate solutions',
      kind: 'lines',
      group: 'Analysis',
      helperText: 'One per line',
    },
    {
      name: 'recommendation',
      label: 'Recommendation',
      kind: 'multiline',
      group: 'Analysis',
      helperText: 'Markdown',
    },
  ],
  changes: [
    ...commonFields,
    {
      name: 'changeType',
      label: 'Change type',
      kind: 'select',
      options: CHANGE_TYPES,
      group: 'Request',
      required: true,
      createOnly: true,
    },
    {
      name: 'template',
      label: 'Template',
      kind: 'text',
      group: 'Request',
      createOnly: true,
      showIf: v => v.changeType === 'standard',
      helperText: 'The standard change template',
    },
    {
      name: 'incidentKey',
      label: 'Incident it fixes',
      kind: 'text',
      group: 'Request',
      createOnly: true,
      showIf: v => v.changeType === 'emergency',
      helperText: 'e.g. INC-12',
    },
    { name: 'category', label: 'Category', kind: 'text', group: 'Request' },
    ...assignment('Request'),
    {
      name: 'serviceImpact',
      label: 'Service impact during service hours',
      kind: 'select',
      options: SERVICE_IMPACTS,
      group: 'Impact',
    },
    {
      name: 'functionalChange',
      label: 'Changes what the service does',
      kind: 'checkbox',
      group: 'Impact',
    },
    {
      name: 'cmdbUpdate',
      label: 'Needs a catalog (CMDB) update',
      kind: 'checkbox',
      group: 'Impact',
    },
    {
      name: 'plannedStart',
      label: 'Planned start',
      kind: 'datetime',
      group: 'Plan',
      nullable: true,
    },
    {
      name: 'plannedEnd',
      label: 'Planned end',
      kind: 'datetime',
      group: 'Plan',
      nullable: true,
    },
    {
      name: 'implementationPlan',
      label: 'Implementation plan',
      kind: 'multiline',
      group: 'Plan',
      helperText: 'Markdown',
    },
    {
      name: 'testPlan',
      label: 'Test plan',
      kind: 'multiline',
      group: 'Plan',
      helperText: 'Markdown',
    },
    {
      name: 'backoutPlan',
      label: 'Backout plan',
      kind: 'multiline',
      group: 'Plan',
      helperText: 'Markdown',
    },
    { name: 'tasks', label: 'Tasks', kind: 'tasks', group: 'Plan' },
  ],
  releases: [
    ...commonFields,
    {
      name: 'backlog',
      label: 'Backlog release (the standing placeholder of a service)',
      kind: 'checkbox',
      group: 'Release',
      createOnly: true,
    },
    ...assignment('Release', false),
    {
      name: 'targetDate',
      label: 'Target date',
      kind: 'datetime',
      group: 'Release',
      nullable: true,
    },
    {
      name: 'withinBudget',
      label: 'Fits existing budgets (no business case needed)',
      kind: 'checkbox',
      group: 'Release',
    },
    {
      name: 'summary',
      label: 'Summary',
      kind: 'multiline',
      group: 'Release',
      helperText: 'Markdown',
    },
  ],
  slas: [
    ...commonFields,
    {
      name: 'customerGroup',
      label: 'Customer group',
      kind: 'text',
      group: 'Parties',
      required: true,
      helperText: 'group:namespace/name of the customer',
    },
    {
      name: 'serviceOwnerGroup',
      label: 'Service owner group',
      kind: 'text',
      group: 'Parties',
      required: true,
      helperText: 'group:namespace/name',
    },
    {
      name: 'term',
      label: 'Evaluation term',
      kind: 'select',
      options: SLA_TERMS,
      group: 'Parties',
    },
    {
      name: 'calendar',
      label: 'Service hours calendar',
      kind: 'text',
      group: 'Parties',
      helperText: 'e.g. 24x7 or a business-hours calendar',
    },
    {
      name: 'targets.availabilityPercent',
      label: 'Availability target (%)',
      kind: 'number',
      group: 'Targets',
      required: true,
    },
    {
      name: 'targets.maxOutages',
      label: 'Most outages per term',
      kind: 'number',
      group: 'Targets',
    },
    ...PRIORITIES.map(
      (p): FormField => ({
        name: `targets.responseMinutes.${p}`,
        label: `${p} response (minutes)`,
        kind: 'number',
        group: 'Targets',
        required: true,
      }),
    ),
    ...PRIORITIES.map(
      (p): FormField => ({
        name: `targets.resolutionMinutes.${p}`,
        label: `${p} resolution (minutes)`,
        kind: 'number',
        group: 'Targets',
        required: true,
      }),
    ),
  ],
};

/** The inputs of the form of a record type, for creating or editing. */
export function formFields(
  type: ItsmRecordType,
  mode: 'create' | 'edit',
): FormField[] {
  return FIELDS[type].filter(f => mode === 'create' || !f.createOnly);
}

/** The inputs shown for the current values. */
export function visibleFields(
  fields: FormField[],
  values: FormValues,
): FormField[] {
  return fields.filter(f => !f.showIf || f.showIf(values));
}

const SLA_DEFAULTS: FormValues = {
  'targets.availabilityPercent': '99.9',
  'targets.responseMinutes.P1': '15',
  'targets.responseMinutes.P2': '30',
  'targets.responseMinutes.P3': '240',
  'targets.responseMinutes.P4': '480',
  'targets.resolutionMinutes.P1': '240',
  'targets.resolutionMinutes.P2': '480',
  'targets.resolutionMinutes.P3': '2880',
  'targets.resolutionMinutes.P4': '5760',
  term: 'monthly',
};

function emptyValue(field: FormField): FieldValue {
  if (field.kind === 'checkbox') return false;
  if (field.kind === 'tasks') return [];
  return '';
}

/** Values of an empty create form, with the entity refs given (e.g. from the URL). */
export function emptyValues(
  type: ItsmRecordType,
  entityRefs: string[] = [],
): FormValues {
  const values: FormValues = {};
  for (const field of FIELDS[type]) values[field.name] = emptyValue(field);
  values.entityRefs = entityRefs.join('\n');
  if (type === 'changes') values.changeType = 'normal';
  if (type === 'slas') Object.assign(values, SLA_DEFAULTS);
  return values;
}

function getPath(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (obj, part) =>
        obj && typeof obj === 'object'
          ? (obj as Record<string, unknown>)[part]
          : undefined,
      source,
    );
}

function setPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
) {
  const parts = path.split('.');
  let obj = target;
  for (const part of parts.slice(0, -1)) {
    if (!obj[part] || typeof obj[part] !== 'object') obj[part] = {};
    obj = obj[part] as Record<string, unknown>;
  }
  obj[parts[parts.length - 1]] = value;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO date-time as the value of a `datetime-local` input (local time). */
export function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/** The value of a `datetime-local` input as an ISO date-time; bad input is passed on for the schema to name. */
export function fromLocalInput(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** The form values showing a record. */
export function valuesFromRecord(
  type: ItsmRecordType,
  record: ItsmRecord,
): FormValues {
  const values: FormValues = {};
  for (const field of FIELDS[type]) {
    const raw = getPath(record, field.name);
    switch (field.kind) {
      case 'checkbox':
        values[field.name] = raw === true;
        break;
      case 'tasks':
        values[field.name] = Array.isArray(raw)
          ? (raw as TaskValue[]).map(t => ({
              kind: t.kind,
              title: t.title,
              done: !!t.done,
            }))
          : [];
        break;
      case 'datetime':
        values[field.name] = toLocalInput(raw);
        break;
      case 'refs':
        values[field.name] = Array.isArray(raw)
          ? (raw as string[]).join('\n')
          : '';
        break;
      case 'lines':
        values[field.name] = Array.isArray(raw)
          ? (raw as string[]).join('\n')
          : '';
        break;
      default:
        values[field.name] =
          raw === undefined || raw === null ? '' : String(raw);
    }
  }
  return values;
}

function convert(
  field: FormField,
  value: FieldValue,
  mode: 'create' | 'edit',
): unknown {
  switch (field.kind) {
    case 'checkbox':
      return value === true;
    case 'tasks':
      return (value as TaskValue[]).map(t => ({
        kind: t.kind,
        title: t.title.trim(),
        done: t.done,
      }));
    case 'refs':
      return splitList(String(value));
    case 'lines':
      return String(value)
        .split('\n')
        .map(s => s.trim())
        .filter(Boolean);
    case 'number': {
      const text = String(value).trim();
      return text === '' ? undefined : Number(text);
    }
    case 'datetime': {
      const text = String(value).trim();
      if (!text) return mode === 'edit' ? null : undefined;
      return fromLocalInput(text);
    }
    case 'select': {
      const text = String(value);
      if (!text) return field.nullable && mode === 'edit' ? null : undefined;
      return text;
    }
    default: {
      const text = String(value).trim();
      if (text) return text;
      if (field.required) return '';
      if (mode === 'create') return undefined;
      return field.nullable ? null : '';
    }
  }
}

/** The top-level JSON field a form field belongs to. */
export const topLevel = (name: string) => name.split('.')[0];

/**
 * Builds the request body from the form values: nested fields are put
 * together, empty optional inputs are left out when creating, and the
 * optional objects (outage, change gate) only appear when used.
 */
export function buildBody(
  type: ItsmRecordType,
  mode: 'create' | 'edit',
  values: FormValues,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of visibleFields(formFields(type, mode), values)) {
    const value = convert(field, values[field.name] ?? emptyValue(field), mode);
    if (value === undefined) continue;
    if (mode === 'create' && value === false && field.kind === 'checkbox')
      continue;
    if (
      mode === 'create' &&
      Array.isArray(value) &&
      value.length === 0 &&
      field.kind !== 'refs'
    )
      continue;
    setPath(body, field.name, value);
  }
  if (type === 'incidents') {
    const outage = body.outage as { kind?: unknown } | undefined;
    if (!outage || !outage.kind) {
      if (mode === 'edit') body.outage = null;
      else delete body.outage;
    } else if ((outage as { end?: unknown }).end === null) {
      delete (outage as { end?: unknown }).end;
    }
  }
  return body;
}

/** Top-level fields whose form values differ between two sets of values. */
export function changedTopLevelFields(
  fields: FormField[],
  before: FormValues,
  after: FormValues,
): string[] {
  const changed = new Set<string>();
  for (const field of fields) {
    if (
      JSON.stringify(before[field.name]) !== JSON.stringify(after[field.name])
    ) {
      changed.add(topLevel(field.name));
    }
  }
  return Array.from(changed);
}

/** Form fields (by label) whose values differ between two sets of values. */
export function differingFields(
  fields: FormField[],
  a: FormValues,
  b: FormValues,
): FormField[] {
  return fields.filter(
    f => JSON.stringify(a[f.name]) !== JSON.stringify(b[f.name]),
  );
}

/**
 * The input an error path belongs to: the field of exactly that path, else
 * the field of its top-level name, else the first field under it.
 */
export function fieldForPath(
  fields: FormField[],
  path: ReadonlyArray<string | number>,
): FormField | undefined {
  const joined = path.join('.');
  const top = String(path[0] ?? '');
  return (
    fields.find(f => f.name === joined) ??
    fields.find(f => f.name === top) ??
    (top ? fields.find(f => f.name.startsWith(`${top}.`)) : undefined)
  );
}
