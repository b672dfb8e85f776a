import {
  CHANGE_OUTCOMES,
  ItsmRecord,
  ItsmRecordType,
  RESOLUTION_CODES,
  TransitionDef,
  transitionSchema,
} from '@backstage-itsm/plugin-itsm-common';
import type { TransitionBody } from '../../api';

/** One input of the transition dialog. */
export interface TransitionInput {
  name: string;
  label: string;
  required: boolean;
  kind: 'text' | 'multiline' | 'select';
  options?: readonly string[];
  helperText?: string;
}

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

/**
 * What the dialog of a transition asks for: the reason when the transition
 * requires one, each of its required fields, and a few optional fields the
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
  const has = (name: string) => inputs.some(i => i.name === name);
  if (
    type === 'incidents' &&
    transition.to === 'resolved' &&
    !has('resolutionNotes')
  ) {
    inputs.push({
      name: 'resolutionNotes',
      label: 'Resolution notes',
      kind: 'multiline',
      required: false,
    });
  }
  if (
    type === 'incidents' &&
    transition.to === 'pending' &&
    !has('pendingReason')
  ) {
    inputs.push({
      name: 'pendingReason',
      label: 'Waiting for',
      kind: 'text',
      required: false,
      helperText:
        'Whom or what the incident waits on; the reason is used when empty',
    });
  }
  if (type === 'incidents' && transition.action === 'assign') {
    inputs.push(
      {
        name: 'assignedGroup',
        label: 'Assignment group',
        kind: 'text',
        required: false,
        helperText: 'group:namespace/name; leave as routed to keep it',
      },
      {
        name: 'assignee',
        label: 'Assignee',
        kind: 'text',
        required: false,
        helperText: 'user:namespace/name (optional)',
      },
    );
  }
  if (type === 'problems' && transition.to === 'known_error') {
    inputs.push({
      name: 'changeKey',
      label: 'Link an open change instead',
      kind: 'text',
      required: false,
      helperText: 'e.g. CHG-12; when empty a new RFC is created',
    });
  }
  return inputs;
}

/** Initial values of the dialog's inputs for a record. */
export function initialTransitionValues(
  record: ItsmRecord,
  inputs: TransitionInput[],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputs) {
    values[input.name] =
      input.name === 'assignedGroup' ? record.assignedGroup ?? '' : '';
  }
  return values;
}

/**
 * Builds and checks the transition body with the shared schema. Empty
 * inputs are left out; required ones are reported as missing.
 */
export function buildTransitionBody(
  record: ItsmRecord,
  transition: TransitionDef,
  inputs: TransitionInput[],
  values: Record<string, string>,
):
  | { ok: true; body: TransitionBody }
  | { ok: false; errors: Record<string, string>; general?: string } {
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
  const parsed = transitionSchema.safeParse(raw);
  if (!parsed.success) {
    let general: string | undefined;
    for (const issue of parsed.error.issues) {
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
