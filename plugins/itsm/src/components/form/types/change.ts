import {
  CHANGE_TYPES,
  DEFAULT_CHANGE_TYPE,
  SERVICE_IMPACTS,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordFormDef } from '../model';
import { assignedGroup, assignee, basics, category, markdown } from './common';

/** The change (RFC) form. */
export const changeForm: RecordFormDef = {
  groups: [
    basics,
    {
      title: 'Request',
      fields: [
        {
          name: 'changeType',
          label: 'Change type',
          kind: 'select',
          options: CHANGE_TYPES,
          required: true,
          createOnly: true,
        },
        {
          name: 'template',
          label: 'Template',
          kind: 'template',
          createOnly: true,
          showIf: v => v.changeType === 'standard',
          helperText: 'From the standard change catalogue',
        },
        {
          name: 'incidentKey',
          label: 'Incident it fixes',
          kind: 'text',
          createOnly: true,
          showIf: v => v.changeType === 'emergency',
          helperText: 'e.g. INC-12',
        },
        category,
        assignedGroup,
        assignee,
      ],
    },
    {
      title: 'Impact',
      fields: [
        {
          name: 'serviceImpact',
          label: 'Service impact during service hours',
          kind: 'select',
          options: SERVICE_IMPACTS,
        },
        {
          name: 'functionalChange',
          label: 'Changes what the service does',
          kind: 'checkbox',
        },
        {
          name: 'cmdbUpdate',
          label: 'Needs a catalog (CMDB) update',
          kind: 'checkbox',
        },
      ],
    },
    {
      title: 'Plan',
      fields: [
        {
          name: 'plannedStart',
          label: 'Planned start',
          kind: 'datetime',
          nullable: true,
        },
        {
          name: 'plannedEnd',
          label: 'Planned end',
          kind: 'datetime',
          nullable: true,
        },
        markdown('implementationPlan', 'Implementation plan'),
        markdown('testPlan', 'Test plan'),
        markdown('backoutPlan', 'Backout plan'),
        { name: 'tasks', label: 'Tasks', kind: 'tasks' },
      ],
    },
  ],
  defaults: { changeType: DEFAULT_CHANGE_TYPE },
};
