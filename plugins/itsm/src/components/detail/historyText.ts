import { parseEntityRef } from '@backstage/catalog-model';
import {
  ItsmHistoryEntry,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { formatDateTime, formatValue, humanize } from '../common/format';
import { formFields } from '../form/types';

/*
 * A history entry in words, as a service desk reads it: "Resolved: In
 * progress → Resolved", "Assignment group changed from payments-team to
 * storefront-team", "Approved for storefront-team: looks safe". Field names
 * are the labels the record's form shows, never the API's names.
 */

/** Labels of fields that no form edits (derived or set by the process). */
const OTHER_LABELS: Record<string, string> = {
  state: 'State',
  priority: 'Priority',
  assignedGroup: 'Assignment group',
  assignee: 'Assignee',
  entityRefs: 'Affected entities',
  reopenCount: 'Times reopened',
  sendBackCount: 'Times sent back',
  reassignmentCount: 'Times reassigned',
  escalated: 'Escalated',
  resolutionCode: 'Resolution code',
  resolutionNotes: 'Resolution notes',
  resolvedAt: 'Resolved at',
  closedAt: 'Closed at',
  pendingReason: 'Waiting for',
  outcome: 'Outcome',
  rootCause: 'Root cause',
  verification: 'Verification',
  signatures: 'Signatures',
  release: 'Release',
  changes: 'Planned changes',
};

const fieldLabelOf = (key: string) =>
  OTHER_LABELS[key] ??
  humanize(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLocaleLowerCase('en-US'));

const labelCache = new Map<ItsmRecordType, Map<string, string>>();

/** The words for a field of a record type: its form label, else a label of its own. */
export function fieldLabel(type: ItsmRecordType, field: string): string {
  let labels = labelCache.get(type);
  if (!labels) {
    labels = new Map();
    for (const f of [
      ...formFields(type, 'create'),
      ...formFields(type, 'edit'),
    ]) {
      const top = f.name.split('.')[0];
      if (!labels.has(top)) labels.set(top, f.label);
    }
    labelCache.set(type, labels);
  }
  const top = field.split('.')[0];
  // camelCase words, never the raw name
  return labels.get(top) ?? fieldLabelOf(top);
}

/** An entity ref as people name it: `payments-team`, `component:other/api`. */
function entityName(value: string): string | undefined {
  if (!/^[a-z]+:[^\s]+$/i.test(value) || /^https?:/.test(value))
    return undefined;
  try {
    const ref = parseEntityRef(value);
    return ref.namespace === 'default'
      ? ref.name
      : `${ref.namespace}/${ref.name}`;
  } catch {
    return undefined;
  }
}

/** A value in words: names for entity refs, labels for states, dates in the reader's locale. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') {
    if (/^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)))
      return formatDateTime(value);
    return entityName(value) ?? formatValue(value);
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map(valueText).join(', ');
  }
  if (value && typeof value === 'object') {
    const outage = value as { kind?: string; start?: string; end?: string };
    if (outage.kind && outage.start) {
      return `${humanize(outage.kind)} from ${formatDateTime(outage.start)}${
        outage.end ? ` to ${formatDateTime(outage.end)}` : ' (ongoing)'
      }`;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '—';
    return entries
      .map(([k, v]) => `${fieldLabelOf(k)}: ${valueText(v)}`)
      .join('; ');
  }
  return formatValue(value);
}

const empty = (value: unknown) =>
  value === null ||
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

/** Entity refs inside a sentence, written as names. */
const namesInText = (text: string) =>
  text.replace(
    /\b[a-z]+:[a-z0-9][\w.-]*(?:\/[a-z0-9][\w.-]*)?/gi,
    ref => entityName(ref) ?? ref,
  );

/**
 * The approvers a change's approval round requires, in words: "Approval
 * required from payments-team as service owner of payments-api; from
 * storefront-team (2 approvals) as customer of SLA-3 covering checkout-web".
 */
function requiredApproversText(from: unknown, to: unknown): string {
  const approvers = Array.isArray(to)
    ? (to as Array<{
        approverRef?: unknown;
        reason?: unknown;
        quorum?: unknown;
      }>)
    : [];
  if (approvers.length === 0) return 'No approval required any more';
  const parts = approvers.map(a => {
    const who = valueText(a.approverRef);
    const quorum =
      typeof a.quorum === 'number' && a.quorum > 1
        ? ` (${a.quorum} approvals)`
        : '';
    const why =
      typeof a.reason === 'string' && a.reason
        ? ` as ${namesInText(a.reason)}`
        : '';
    return `${who}${quorum}${why}`;
  });
  return `Approval ${empty(from) ? '' : 'now '}required from ${parts.join(
    '; from ',
  )}`;
}

const stateText = (state: unknown) =>
  typeof state === 'string' ? humanize(state) : valueText(state);

/** A change of one field, in words. */
function changeText(label: string, from: unknown, to: unknown): string {
  if (empty(from)) return `${label} set to ${valueText(to)}`;
  if (empty(to)) return `${label} cleared (was ${valueText(from)})`;
  return `${label} changed from ${valueText(from)} to ${valueText(to)}`;
}

/** What happened, as one line in words. */
export function describeEntry(
  type: ItsmRecordType,
  entry: ItsmHistoryEntry,
): string {
  const { action, field, from, to } = entry;
  switch (action) {
    case 'created': {
      const made = to as { state?: string; from?: string } | null;
      const state = made?.state ? ` in state ${humanize(made.state)}` : '';
      const source = made?.from ? ` from ${made.from}` : '';
      return `Created${state}${source}`;
    }
    case 'commented':
      // Never the text: the entry names the comment, not what it says.
      return field === 'internal' ? 'Added an internal note' : 'Commented';
    case 'registered-on-behalf':
      return `Registered on behalf of ${valueText(to)}`;
    case 'linked':
      return `Linked to ${valueText(to)}`;
    case 'unlinked':
      return `Unlinked from ${valueText(from)}`;
    case 'approved':
    case 'rejected':
      return `${
        action === 'approved' ? 'Approved' : 'Rejected'
      } for ${valueText(from)}${empty(to) ? '' : `: “${formatValue(to)}”`}`;
    case 'signed':
      return `Signed for the ${
        field === 'serviceOwner' ? 'service owner' : 'customer'
      }`;
    case 'sla-warning':
    case 'sla-breached': {
      const [sla, clock] = (field ?? '').split('.');
      return action === 'sla-breached'
        ? `${sla}: ${clock} target breached`
        : `${sla}: ${clock} clock at ${Math.round(
            Number(to) * 100,
          )}% of its target`;
    }
    case 'escalated':
      return 'Escalated to the service owner';
    case 'escalation-acknowledged': {
      const note = (to as { note?: unknown } | null)?.note;
      return `Escalation acknowledged${
        typeof note === 'string' && note ? `: “${note}”` : ''
      }`;
    }
    case 'escalation-decision': {
      const decided = to as { decision?: unknown; reason?: unknown } | null;
      const what =
        decided?.decision === 'reassign'
          ? 'reassigned to another specialist'
          : 'urged the specialist';
      return `Escalation decided: ${what}${
        typeof decided?.reason === 'string'
          ? `, because “${decided.reason}”`
          : ''
      }`;
    }
    default:
  }
  const verb = humanize(action.replace(/-/g, ' '));
  if (!field) return verb;
  if (field === 'state') {
    return `${verb}: ${stateText(from)} → ${stateText(to)}`;
  }
  if (field === 'reason') return `${verb}, because “${formatValue(to)}”`;
  if (field === 'requiredApprovers') return requiredApproversText(from, to);
  const change = changeText(fieldLabel(type, field), from, to);
  return action === 'updated'
    ? change
    : `${verb}: ${change.charAt(0).toLocaleLowerCase('en-US')}${change.slice(
        1,
      )}`;
}
