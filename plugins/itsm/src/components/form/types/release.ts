import { RecordFormDef } from '../model';
import { assignedGroup, basics, markdown } from './common';

/** The release form. */
export const releaseForm: RecordFormDef = {
  groups: [
    basics,
    {
      title: 'Release',
      fields: [
        {
          name: 'backlog',
          label: 'Backlog release (the standing placeholder of a service)',
          kind: 'checkbox',
          createOnly: true,
        },
        assignedGroup,
        {
          name: 'targetDate',
          label: 'Target date',
          kind: 'datetime',
          nullable: true,
        },
        {
          name: 'withinBudget',
          label: 'Fits existing budgets (no business case needed)',
          kind: 'checkbox',
        },
        markdown('summary', 'Summary'),
      ],
    },
  ],
};
