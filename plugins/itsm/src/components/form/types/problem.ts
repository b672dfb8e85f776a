import { RecordFormDef } from '../model';
import { assignedGroup, assignee, basics, category, markdown } from './common';

/** The problem form. */
export const problemForm: RecordFormDef = {
  groups: [
    basics,
    {
      title: 'Origin',
      fields: [
        {
          name: 'incidentKey',
          label: 'Incident it comes from',
          kind: 'text',
          createOnly: true,
          helperText: 'e.g. INC-12; linked to the new problem',
        },
      ],
    },
    {
      title: 'Analysis',
      fields: [
        category,
        assignedGroup,
        assignee,
        markdown(
          'workaround',
          'Workaround',
          'Markdown; usable by the service desk as soon as it is saved',
        ),
        markdown('rootCause', 'Root cause'),
        {
          name: 'candidateSolutions',
          label: 'Candidate solutions',
          kind: 'lines',
          helperText: 'One per line',
        },
        markdown('recommendation', 'Recommendation'),
      ],
    },
  ],
};
