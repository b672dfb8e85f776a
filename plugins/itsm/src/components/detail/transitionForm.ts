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
import { checkBody } from '../form/zodIssues';

/** One input of the transition dialog. */
export interface TransitionInput {
  name: string;
  label: string;
  required: boolean;
  kind: 'text' | 'multiline' | 'select';
  options?: readonly string[];
  helperText?: string;
}

/** The values of the dialog's inputs, by input name. */
export type TransitionValues = Record<string, string>;

/** How the dialog asks for a field a transition requires. */
const REQUIRED_FIELD_INPUTS: Record<
  string,
  Omit<TransitionInput, 'name' | 'required'>
> = {
  resolutionCode: {
    label: 'Resolution code',
    kind: 'select',
    options: RESOLUTION_CODES,
  },
  outcome: { label: 'Outcome', kind: 'select', options: CHANGE_OUTCOMES },
  rootCause: { label: 'Root cause', kind: 'multiline' },
  pendingReason: { label: 'Pending reason', kind: 'text' },
  resolutionNotes: { label: 'Resolution notes', kind: 'multiline' },
};

/** Optional inputs the server takes with some transitions of a record type. */
const OPTIONAL_INPUTS: Partial<
  Record<
    ItsmRecordType,
    Array<{ when: (t: TransitionDef) => boolean; input: TransitionInput }>
  >
> = {
  incidents: [
    {
      when: t => t.to === 'resolved',
      input: {
        name: 'resolutionNotes',
        label: 'Resolution notes',
        kind: 'multiline',
        required: false,
      },
    },
    {
      when: t => t.to === 'pending',
      input: {
        name: 'pendingReason',
        label: 'Waiting for',
        kind: 'text',
        required: false,
        helperText:
          'Whom or what the incident waits on; the reason is used when empty',
      },
    },
    {
      when: t => t.action === 'assign',
      input: {
        name: 'assignedGroup',
        label: 'Assignment group',
        kind: 'text',
        required: false,
        helperText: 'group:namespace/name; leave as routed to keep it',
      },
    },
    {
      when: t => t.action === 'assign',
      input: {
        name: 'assignee',
        label: 'Assignee',
        kind: 'text',
        required: false,
        helperText: 'user:namespace/name (optional)',
      },
    },
  ],
  problems: [
    {
      when: t => t.to === 'known_error',
      input: {
        name: 'changeKey',
        label: 'Link an open change instead',
        kind: 'text',
        required: false,
        helperText: 'e.g. CHG-12; when empty a new RFC is created',
      },
    },
  ],
};

/**
 * What the dialog of a transition asks for: the reason when the transition
 * requires one, each of its required fields, and the optional fields the
 * server takes with it (assignment, resolution notes, pending reason, the
 * change a known error links to).
 */
export function transitionInputs(
  type: ItsmRecordType,
  transition: TransitionDef,
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
    const known = REQUIRED_FIELD_INPUTS[field] ?? {
      label: field,
      kind: 'text' as const,
    };
    inputs.push({ name: field, required: true, ...known });
  }
  for (const optional of OPTIONAL_INPUTS[type] ?? []) {
    const taken = inputs.some(i => i.name === optional.input.name);
    if (!taken && optional.when(transition)) inputs.push(optional.input);
  }
  return inputs;
}

/** Initial values of the dialog's inputs for a record. */
export function initialTransitionValues(
  record: ItsmRecord,
  inputs: TransitionInput[],
): TransitionValues {
  const values: TransitionValues = {};
  for (const input of inputs) {
    values[input.name] =
      input.name === 'assignedGroup' ? record.assignedGroup ?? '' : '';
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
    raw[input.name] = value;
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
