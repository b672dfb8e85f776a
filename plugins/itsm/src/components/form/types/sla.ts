import {
  DEFAULT_SLA_TARGETS,
  DEFAULT_SLA_TERM,
  PRIORITIES,
  SLA_TERMS,
} from '@backstage-itsm/plugin-itsm-common';
import { FormField, RecordFormDef } from '../model';
import { basics } from './common';

const perPriority = (
  target: 'responseMinutes' | 'resolutionMinutes',
  what: string,
): FormField[] =>
  PRIORITIES.map(p => ({
    name: `targets.${target}.${p}`,
    label: `${p} ${what} (minutes)`,
    kind: 'number',
    required: true,
  }));

/** The inputs of the default per-priority targets (itsm-common's `DEFAULT_SLA_TARGETS`). */
const perPriorityDefaults = (
  target: 'responseMinutes' | 'resolutionMinutes',
): Record<string, string> =>
  Object.fromEntries(
    PRIORITIES.map(p => [
      `targets.${target}.${p}`,
      String(DEFAULT_SLA_TARGETS[target][p]),
    ]),
  );

/** The SLA form. */
export const slaForm: RecordFormDef = {
  groups: [
    basics,
    {
      title: 'Parties',
      fields: [
        {
          name: 'customerGroup',
          label: 'Customer group',
          kind: 'text',
          entityKind: 'Group',
          required: true,
          helperText: 'The group that is the customer',
        },
        {
          name: 'serviceOwnerGroup',
          label: 'Service owner group',
          kind: 'text',
          entityKind: 'Group',
          required: true,
          helperText: 'The group that owns the service',
        },
        {
          name: 'term',
          label: 'Evaluation term',
          kind: 'select',
          options: SLA_TERMS,
        },
        {
          name: 'calendar',
          label: 'Service hours calendar',
          kind: 'text',
          helperText: 'e.g. 24x7 or a business-hours calendar',
        },
        {
          name: 'escalateDegraded',
          label: 'Escalate degraded outages too',
          kind: 'checkbox',
          helperText:
            'A down outage past its resolution target always escalates to the service owner; tick to escalate degraded ones too',
        },
      ],
    },
    {
      title: 'Targets',
      fields: [
        {
          name: 'targets.availabilityPercent',
          label: 'Availability target (%)',
          kind: 'number',
          required: true,
        },
        {
          name: 'targets.maxOutages',
          label: 'Most outages per term',
          kind: 'number',
        },
        ...perPriority('responseMinutes', 'response'),
        ...perPriority('resolutionMinutes', 'resolution'),
      ],
    },
  ],
  defaults: {
    'targets.availabilityPercent': String(
      DEFAULT_SLA_TARGETS.availabilityPercent,
    ),
    ...perPriorityDefaults('responseMinutes'),
    ...perPriorityDefaults('resolutionMinutes'),
    term: DEFAULT_SLA_TERM,
  },
};
