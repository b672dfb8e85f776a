import {
  CHANGE_GATE_CONDITIONS,
  INCIDENT_SERVICE_TYPES,
  LEVELS,
  OUTAGE_KINDS,
} from '@backstage-itsm/plugin-itsm-common';
import { FormValues, RecordFormDef } from '../model';
import { assignedGroup, assignee, basics, category } from './common';

const hasOutage = (values: FormValues) =>
  !!(values.outage as { kind?: unknown } | undefined)?.kind;

/** The incident form. */
export const incidentForm: RecordFormDef = {
  groups: [
    basics,
    {
      title: 'Caller',
      fields: [
        {
          // A service desk agent registers the incident for whoever called:
          // that person becomes its requester (notified, verifies, reopens).
          name: 'onBehalfOf',
          label: 'Caller (on behalf of)',
          kind: 'text',
          entityKind: 'User',
          createOnly: true,
          helperText:
            'The person who reported it, when you register it for them; they become the requester. Leave empty for yourself.',
        },
      ],
    },
    {
      title: 'Classification',
      fields: [
        {
          name: 'impact',
          label: 'Impact',
          kind: 'select',
          options: LEVELS,
          required: true,
        },
        {
          name: 'urgency',
          label: 'Urgency',
          kind: 'select',
          options: LEVELS,
          required: true,
        },
        {
          name: 'serviceType',
          label: 'Service type',
          kind: 'select',
          options: INCIDENT_SERVICE_TYPES,
        },
        category,
        { name: 'major', label: 'Major incident', kind: 'checkbox' },
      ],
    },
    { title: 'Assignment', fields: [assignedGroup, assignee] },
    {
      title: 'Outage',
      fields: [
        {
          name: 'outage.kind',
          label: 'Outage',
          kind: 'select',
          options: OUTAGE_KINDS,
          nullable: true,
          helperText: 'Leave empty when the service is not down or degraded',
        },
        {
          name: 'outage.start',
          label: 'Outage start',
          kind: 'datetime',
          showIf: hasOutage,
        },
        {
          name: 'outage.end',
          label: 'Outage end',
          kind: 'datetime',
          showIf: hasOutage,
        },
      ],
    },
    {
      title: 'Change gate',
      fields: CHANGE_GATE_CONDITIONS.map(condition => ({
        name: `changeGate.${condition.flag}`,
        label: `The fix ${condition.sentence}`,
        kind: 'checkbox' as const,
      })),
    },
  ],
  /**
   * The outage is sent only with its kind: without one it is left out when
   * creating and cleared (null) when editing. An open outage has no end.
   */
  finishBody(body, mode) {
    const outage = body.outage as { kind?: unknown; end?: unknown } | undefined;
    if (!outage?.kind) {
      if (mode === 'edit') body.outage = null;
      else delete body.outage;
    } else if (outage.end === null) {
      delete outage.end;
    }
  },
};
