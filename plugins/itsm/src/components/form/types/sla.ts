import { PRIORITIES, SLA_TERMS } from '@backstage-itsm/plugin-itsm-common';
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
          required: true,
          helperText: 'group:namespace/name of the customer',
        },
        {
          name: 'serviceOwnerGroup',
          label: 'Service owner group',
          kind: 'text',
          required: true,
          helperText: 'group:namespace/name',
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
  },
};
