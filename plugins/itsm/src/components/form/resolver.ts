import {
  CREATE_SCHEMAS,
  ItsmRecordType,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import { FieldErrors, Resolver, set } from 'react-hook-form';
import { fieldForPath, toBody, toPatch, visibleFields } from './mapping';
import { FormField, FormMode, FormValues } from './model';
import { formFields } from './types';
import { checkBody, Issue } from './zodIssues';

/** A request body checked by the shared schema. */
export type RecordBody = Record<string, unknown>;

/** What the resolver of an edit form compares against. */
export interface RecordFormContext {
  /** The values of the record as last loaded. */
  base: FormValues;
  /** The version of the record as last loaded. */
  version: number;
}

/**
 * Puts each message under its input (several are joined with "; "); the
 * messages that belong to no shown input are returned as `general`.
 */
export function placeIssues(
  fields: FormField[],
  issues: ReadonlyArray<Issue>,
): { errors: Record<string, string>; general: string[] } {
  const errors: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const field = issue.path.length
      ? fieldForPath(fields, issue.path)
      : undefined;
    if (field) {
      errors[field.name] = errors[field.name]
        ? `${errors[field.name]}; ${issue.message}`
        : issue.message;
    } else {
      general.push(
        issue.path.length
          ? `${issue.path.join('.')}: ${issue.message}`
          : issue.message,
      );
    }
  }
  return { errors, general };
}

/** Placed messages as react-hook-form errors; the general ones go to `root`. */
function toFieldErrors(placed: ReturnType<typeof placeIssues>) {
  const errors: FieldErrors<FormValues> = {};
  for (const [name, message] of Object.entries(placed.errors)) {
    set(errors, name, { type: 'validate', message });
  }
  if (placed.general.length > 0) {
    set(errors, 'root', {
      type: 'validate',
      message: placed.general.join('; '),
    });
  }
  return errors;
}

/**
 * The resolver of a record form: maps the values to the request body (a
 * create body, or for an edit the changed fields and the version), checks
 * it with the shared create or update schema, and names each problem under
 * its input. A valid form resolves to the parsed body.
 */
export function recordResolver(
  type: ItsmRecordType,
  mode: FormMode,
): Resolver<FormValues, RecordFormContext, RecordBody> {
  return async (values, context) => {
    let body: RecordBody;
    if (mode === 'create') {
      body = toBody(type, mode, values);
    } else {
      if (!context) throw new Error('An edit form needs the loaded record');
      body = toPatch(type, context.base, values, context.version);
    }
    const schema =
      mode === 'create' ? CREATE_SCHEMAS[type] : UPDATE_SCHEMAS[type];
    const result = await checkBody<RecordBody>(schema, body);
    if (result.ok) return { values: result.data, errors: {} };
    const shown = visibleFields(formFields(type, mode), values);
    return {
      values: {},
      errors: toFieldErrors(placeIssues(shown, result.issues)),
    };
  };
}
