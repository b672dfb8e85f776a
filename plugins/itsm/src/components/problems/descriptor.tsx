import {
  ITSM_RECORD_TYPE_INFO,
  Problem,
} from '@backstage-itsm/plugin-itsm-common';
import { Typography } from '@material-ui/core';
import type { FieldRow, RecordTypeDescriptor } from '../../records/types';
import { formatValue } from '../common/format';
import { MarkdownSection, Section } from '../common/Section';

function problemFields(r: Problem): FieldRow[] {
  const rows: FieldRow[] = [
    { label: 'Category', value: formatValue(r.category) },
  ];
  if (r.impasseReason)
    rows.push({ label: 'Impasse reason', value: r.impasseReason });
  return rows;
}

const ProblemTexts = (props: { record: Problem }) => {
  const { record } = props;
  return (
    <>
      <MarkdownSection title="Workaround" content={record.workaround} />
      <MarkdownSection title="Root cause" content={record.rootCause} />
      {record.candidateSolutions && record.candidateSolutions.length > 0 && (
        <Section title="Candidate solutions">
          <ol>
            {record.candidateSolutions.map((s, i) => (
              <li key={i}>
                <Typography variant="body2">{s}</Typography>
              </li>
            ))}
          </ol>
        </Section>
      )}
      <MarkdownSection title="Recommendation" content={record.recommendation} />
    </>
  );
};

/** Problems: workaround, root cause, candidate solutions, recommendation. */
export const problemDescriptor: RecordTypeDescriptor<'problems'> = {
  type: 'problems',
  info: ITSM_RECORD_TYPE_INFO.problems,
  fields: problemFields,
  texts: record => <ProblemTexts record={record} />,
};
