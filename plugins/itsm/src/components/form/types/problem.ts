import { RecordFormDef } from '../model';
import { assignedGroup, assignee, basics, category, markdown } from './common';

/** The problem form. */
export const problemForm: RecordFormDef = {
  groups: [
    basics,
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
