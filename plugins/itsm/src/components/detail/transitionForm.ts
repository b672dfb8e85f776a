import {
  CHANGE_OUTCOMES,
  ItsmRecord,
  ItsmRecordType,
  RESOLUTION_CODES,
  TransitionDef,
  transitionSchema,
} from '@backstage-itsm/plugin-itsm-common';
import { FieldErrors, Resolver, set } from 'react-hook-form';
import type { TransitionBody } from '../../api';
import { fromLocalInput, toLocalInput } from '../form/mapping';
import { checkBody } from '../form/zodIssues';

/** One input of the transition dialog. */
export interface TransitionInput {
  name: string;
  label: string;
  required: boolean;
  /** `datetime`: a date and time in the browser's time zone, sent as an ISO instant. */
  kind: 'text' | 'multiline' | 'select' | 'datetime';
  options?: readonly string[];
  helperText?: string;
  /** Several values, separated by commas or spaces (sent as a list). */
  list?: boolean;
  /** A catalog entity of this kind, picked from the catalog (EntityPicker). */
  entityKind?: 'Group' | 'User';
}

/** The values of the dialog's inputs, by input name. */
export type TransitionValues = Record<string, string>;

/**
 * How the dialog asks for each field a transition may take, by field name.
 * Which transition takes which field is said by its `requiredFields` and
 * `optionalFields` in the state machines (itsm-common).
 */
const FIELD_INPUTS: Record<
  string,
  Omit<TransitionInput, 'name' | 'required'>
> = {
  resolutionCode: {
    label: 'Resolution code',
    kind: 'select',
    options: RESOLUTION_CODES,
  },
  resolutionNotes: { label: 'Resolution notes', kind: 'multiline' },
  outcome: { label: 'Outcome', kind: 'select', options: CHANGE_OUTCOMES },
  outageEnd: {
    label: 'Outage ended at',
    kind: 'datetime',
    helperText:
      'When the service was back (your time); the outage stays open until you resolve',
  },
  rootCause: { label: 'Root cause', kind: 'multiline' },
  verification: {
    label: 'Verification evidence',
    kind: 'multiline',
    helperText:
      'How you verified that the problem is solved (recorded with your name and the time)',
  },
  pendingReason: {
    label: 'Waiting for',
    kind: 'text',
    helperText:
      'Whom or what the incident waits on; the reason is used when empty',
  },
  assignedGroup: {
    label: 'Assignment group',
    kind: 'text',
    entityKind: 'Group',
    helperText: 'Leave as routed to keep it',
  },
  assignee: {
    label: 'Assignee',
    kind: 'text',
    entityKind: 'User',
    helperText: 'Optional',
  },
  fulfilled: {
    label: 'RFCs fulfilled',
    kind: 'text',
    list: true,
    helperText:
      'Keys of the RFCs whose requirement the release met, e.g. CHG-12, CHG-15; every other RFC returns to the backlog',
  },
  suggestions: {
    label: 'Improvement suggestions',
    kind: 'multiline',
    helperText:
      'What the post-implementation review suggests; sent to the service owner and the change coordinators',
  },
  changeKey: {
    label: 'Link an open change instead',
    kind: 'text',
    helperText: 'e.g. CHG-12; when empty a new RFC is created',
  },
};

function fieldInput(name: string, required: boolean): TransitionInput {
  const known = FIELD_INPUTS[name] ?? { label: name, kind: 'text' as const };
  return { name, required, ...known };
}

/**
 * What the dialog of a transition asks for: the reason when the transition
 * requires one, each of its required fields, then the optional fields it
 * declares (assignment, resolution notes, pending reason, the change a known
 * error links to). The record type is not needed: the transition carries its
 * fields.
 */
export function transitionInputs(
  _type: ItsmRecordType,
  transition: TransitionDef,
  record?: ItsmRecord,
): TransitionInput[] {
  const inputs: TransitionInput[] = [];
  if (transition.requiresReason) {
    inputs.push({
      name: 'reason',
      label: 'Reason',
      kind: 'multiline',
      required: true,
    });
  }
  for (const field of transition.requiredFields ?? []) {
    inputs.push(fieldInput(field, true));
  }
  for (const field of transition.optionalFields ?? []) {
    // The outage end is asked only while the record's outage is open.
    if (field === 'outageEnd' && record && !hasOpenOutage(record)) continue;
    inputs.push(fieldInput(field, false));
  }
  return inputs;
}

/** Whether the record (an incident) has an outage without an end. */
function hasOpenOutage(record: ItsmRecord): boolean {
  const outage = (record as { outage?: { end?: string | null } | null }).outage;
  return !!outage && !outage.end;
}

/** Initial values of the dialog's inputs for a record. */
export function initialTransitionValues(
  record: ItsmRecord,
  inputs: TransitionInput[],
): TransitionValues {
  const values: TransitionValues = {};
  for (const input of inputs) {
    if (input.name === 'assignedGroup')
      values[input.name] = record.assignedGroup ?? '';
    else if (input.name === 'outageEnd')
      // An open outage ends when the incident is resolved, unless said otherwise.
      values[input.name] = toLocalInput(new Date().toISOString());
    else values[input.name] = '';
  }
  return values;
}

/** The result of checking the dialog's values. */
export type TransitionCheck =
  | { ok: true; body: TransitionBody }
  | { ok: false; errors: Record<string, string>; general?: string };

/**
 * Builds the transition body and checks it with the shared schema. Empty
 * inputs are left out, and so is an unchanged assignment group; a required
 * one is reported as missing. Messages about an input are returned by its
 * name, the others in `general`.
 */
export async function checkTransition(
  record: ItsmRecord,
  transition: TransitionDef,
  inputs: TransitionInput[],
  values: TransitionValues,
): Promise<TransitionCheck> {
  const raw: Record<string, unknown> = {
    to: transition.to,
    version: record.version,
  };
  const errors: Record<string, string> = {};
  for (const input of inputs) {
    const value = (values[input.name] ?? '').trim();
    if (!value) {
      if (input.required) errors[input.name] = `${input.label} is required`;
      continue;
    }
    if (input.name === 'assignedGroup' && value === record.assignedGroup)
      continue;
    if (input.kind === 'datetime') raw[input.name] = fromLocalInput(value);
    else
      raw[input.name] = input.list
        ? value.split(/[\s,]+/).filter(Boolean)
        : value;
  }
  const parsed = await checkBody<TransitionBody>(transitionSchema, raw);
  if (!parsed.ok) {
    let general: string | undefined;
    for (const issue of parsed.issues) {
      const field = String(issue.path[0] ?? '');
      if (inputs.some(i => i.name === field)) {
        errors[field] = errors[field] ?? issue.message;
      } else {
        general = general ? `${general}; ${issue.message}` : issue.message;
      }
    }
    return { ok: false, errors, general };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: parsed.data };
}

/**
 * The react-hook-form resolver of the dialog: a valid form resolves to the
 * transition body; the general message goes to `root`.
 */
export function transitionResolver(
  record: ItsmRecord,
  transition: TransitionDef,
  inputs: TransitionInput[],
): Resolver<TransitionValues, unknown, TransitionBody> {
  return async values => {
    const result = await checkTransition(record, transition, inputs, values);
    if (result.ok) return { values: result.body, errors: {} };
    const errors: FieldErrors = {};
    for (const [name, message] of Object.entries(result.errors)) {
      errors[name] = { type: 'validate', message };
    }
    if (result.general) {
      set(errors, 'root', { type: 'validate', message: result.general });
    }
    return { values: {}, errors };
  };
}
