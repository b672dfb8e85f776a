import { ItsmRecord, ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { get, set } from 'react-hook-form';
import { splitList } from '../list/filters';
import {
  FieldValue,
  FormField,
  FormMode,
  FormValues,
  TaskValue,
} from './model';
import { FORM_DEFS, formFields } from './types';

/**
 * Form values <-> API body. Every input holds what its widget shows (text
 * for numbers, entity refs and local date-times); these functions convert
 * between that and the JSON the API takes, field by field, by kind.
 */

/** The inputs shown for the current values. */
export function visibleFields(
  fields: FormField[],
  values: FormValues,
): FormField[] {
  return fields.filter(f => !f.showIf || f.showIf(values));
}

/** The current value of an input. */
export function fieldValue(values: FormValues, field: FormField): FieldValue {
  const value = get(values, field.name) as FieldValue | undefined;
  return value ?? emptyValue(field);
}

function emptyValue(field: FormField): FieldValue {
  if (field.kind === 'checkbox') return false;
  if (field.kind === 'tasks') return [];
  return '';
}

const allFields = (type: ItsmRecordType) => formFields(type, 'create');

/** Values of an empty create form, with the entity refs given (e.g. from the URL). */
export function emptyValues(
  type: ItsmRecordType,
  entityRefs: string[] = [],
): FormValues {
  const values: FormValues = {};
  for (const field of allFields(type))
    set(values, field.name, emptyValue(field));
  values.entityRefs = entityRefs.join('\n');
  for (const [name, value] of Object.entries(FORM_DEFS[type].defaults ?? {})) {
    set(values, name, value);
  }
  return values;
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

/** What an input shows for a value of the API. */
function fromApi(field: FormField, raw: unknown): FieldValue {
  switch (field.kind) {
    case 'checkbox':
      return raw === true;
    case 'tasks':
      return Array.isArray(raw)
        ? (raw as TaskValue[]).map(t => ({
            kind: t.kind,
            title: t.title,
            done: !!t.done,
          }))
        : [];
    case 'datetime':
      return toLocalInput(raw);
    case 'refs':
    case 'lines':
      return Array.isArray(raw) ? (raw as string[]).join('\n') : '';
    default:
      return raw === undefined || raw === null ? '' : String(raw);
  }
}

/** The form values showing a record. */
export function valuesFromRecord(
  type: ItsmRecordType,
  record: ItsmRecord,
): FormValues {
  const values: FormValues = {};
  for (const field of allFields(type)) {
    set(values, field.name, fromApi(field, get(record, field.name)));
  }
  return values;
}

/** The API value of an input; undefined leaves the field out. */
function toApi(field: FormField, value: FieldValue, mode: FormMode): unknown {
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

/** Whether an API value is left out of a create body (unset booleans and lists). */
function omitWhenCreating(field: FormField, value: unknown): boolean {
  if (field.kind === 'checkbox') return value === false;
  return field.kind !== 'refs' && Array.isArray(value) && value.length === 0;
}

/**
 * The request body of the shown inputs: nested fields are put together,
 * empty optional inputs are left out when creating, then the record type
 * gives the body its last touch.
 */
export function toBody(
  type: ItsmRecordType,
  mode: FormMode,
  values: FormValues,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of visibleFields(formFields(type, mode), values)) {
    const value = toApi(field, fieldValue(values, field), mode);
    if (value === undefined) continue;
    if (mode === 'create' && omitWhenCreating(field, value)) continue;
    set(body, field.name, value);
  }
  FORM_DEFS[type].finishBody?.(body, mode);
  return body;
}

/** The top-level JSON field a form field belongs to. */
export const topLevel = (name: string) => name.split('.')[0];

const sameValue = (field: FormField, a: FormValues, b: FormValues) =>
  JSON.stringify(fieldValue(a, field)) === JSON.stringify(fieldValue(b, field));

/** Form fields whose values differ between two sets of values. */
export function differingFields(
  fields: FormField[],
  a: FormValues,
  b: FormValues,
): FormField[] {
  return fields.filter(f => !sameValue(f, a, b));
}

/**
 * The PATCH body of an edit: the record's version and each top-level field
 * with a changed input (null when its input was emptied).
 */
export function toPatch(
  type: ItsmRecordType,
  base: FormValues,
  values: FormValues,
  version: number,
): Record<string, unknown> {
  const shown = visibleFields(formFields(type, 'edit'), values);
  const changed = new Set(
    differingFields(shown, base, values).map(f => topLevel(f.name)),
  );
  const full = toBody(type, 'edit', values);
  const patch: Record<string, unknown> = { version };
  for (const name of changed) patch[name] = name in full ? full[name] : null;
  return patch;
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
