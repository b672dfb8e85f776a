import {
  Change,
  ITSM_RECORD_TYPE_INFO,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import type { FieldRow, RecordTypeDescriptor } from '../../records/types';
import {
  formatDateTime,
  formatEnum,
  formatValue,
  formatYesNo,
  humanize,
} from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { MarkdownSection, Section } from '../common/Section';
import { ApprovalsCard } from './ApprovalsCard';
import { AssessmentCard } from './AssessmentCard';

function changeFields(r: Change): FieldRow[] {
  const rows: FieldRow[] = [
    { label: 'Change type', value: formatEnum(r.changeType) },
  ];
  if (r.template) rows.push({ label: 'Template', value: r.template });
  if (r.incidentKey) {
    rows.push({
      label: 'Fixes incident',
      value: <RecordLink type="incidents" recordKey={r.incidentKey} />,
    });
  }
  rows.push(
    { label: 'Category', value: formatValue(r.category) },
    { label: 'Planned start', value: formatDateTime(r.plannedStart) },
    { label: 'Planned end', value: formatDateTime(r.plannedEnd) },
    { label: 'Service impact', value: formatEnum(r.serviceImpact) },
    { label: 'Changes functionality', value: formatYesNo(r.functionalChange) },
    { label: 'Needs a CMDB update', value: formatYesNo(r.cmdbUpdate) },
    { label: 'Outcome', value: formatEnum(r.outcome) },
  );
  return rows;
}

const ChangeTexts = (props: { record: Change }) => {
  const { record } = props;
  return (
    <>
      <MarkdownSection
        title="Implementation plan"
        content={record.implementationPlan}
      />
      <MarkdownSection title="Test plan" content={record.testPlan} />
      <MarkdownSection title="Backout plan" content={record.backoutPlan} />
      {record.tasks && record.tasks.length > 0 && (
        <Section title="Tasks">
          <Table size="small" aria-label="Tasks">
            <TableHead>
              <TableRow>
                <TableCell>Task</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>Done</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {record.tasks.map((task, i) => (
                <TableRow key={i}>
                  <TableCell>{task.title}</TableCell>
                  <TableCell>{humanize(task.kind)}</TableCell>
                  <TableCell>{task.done ? 'Done' : 'Open'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      )}
    </>
  );
};

/** Changes: plans and tasks, approvals, the CMDB assessment, the calendar. */
export const changeDescriptor: RecordTypeDescriptor<'changes'> = {
  type: 'changes',
  info: ITSM_RECORD_TYPE_INFO.changes,
  fields: changeFields,
  texts: record => <ChangeTexts record={record} />,
  mainCards: record => [
    <ApprovalsCard key="approvals" change={record} />,
    <AssessmentCard
      key="assessment"
      assessment={record.assessment}
      approvals={record.approvals}
      plannedStart={record.plannedStart}
    />,
  ],
  calendar: true,
};
