import { Link, MarkdownContent } from '@backstage/core-components';
import {
  Change,
  Incident,
  ItsmRecord,
  PRIORITIES,
  Problem,
  Release,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Grid,
  Table as MuiTable,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, ReactNode } from 'react';
import {
  EntityLink,
  EntityLinks,
  OptionalEntityLink,
} from '../common/EntityLinks';
import { formatDateTime, formatValue, humanize } from '../common/format';
import { itsmPaths } from '../common/paths';

export interface FieldRow {
  label: string;
  value: ReactNode;
}

const useStyles = makeStyles(theme => ({
  list: { margin: 0 },
  term: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.body2.fontSize,
    fontWeight: 500,
  },
  definition: { margin: 0, marginBottom: theme.spacing(1.5) },
}));

/** Label/value pairs as a definition list in two columns. */
export const FieldList = (props: { rows: FieldRow[] }) => {
  const classes = useStyles();
  return (
    <Grid container spacing={2} component="dl" className={classes.list}>
      {props.rows.map(row => (
        <Grid item xs={12} sm={6} key={row.label}>
          <Typography component="dt" className={classes.term}>
            {row.label}
          </Typography>
          <Typography
            component="dd"
            variant="body2"
            className={classes.definition}
          >
            {row.value}
          </Typography>
        </Grid>
      ))}
    </Grid>
  );
};

const text = (value: unknown) => formatValue(value);
const enumText = (value: string | null | undefined) =>
  value ? humanize(value) : '—';
const yesNo = (value: boolean | undefined | null) => {
  if (value === undefined || value === null) return '—';
  return value ? 'Yes' : 'No';
};

/** The fields every record has (besides title, state and description). */
export function commonRows(record: ItsmRecord): FieldRow[] {
  return [
    { label: 'Key', value: record.key },
    {
      label: 'Entities',
      value: <EntityLinks entityRefs={record.entityRefs} />,
    },
    {
      label: 'Assigned group',
      value: <OptionalEntityLink entityRef={record.assignedGroup} />,
    },
    {
      label: 'Assignee',
      value: <OptionalEntityLink entityRef={record.assignee} />,
    },
    {
      label: 'Created',
      value: (
        <>
          {formatDateTime(record.createdAt)} by{' '}
          <EntityLink entityRef={record.createdBy} />
        </>
      ),
    },
    {
      label: 'Updated',
      value: (
        <>
          {formatDateTime(record.updatedAt)} by{' '}
          <EntityLink entityRef={record.updatedBy} />
        </>
      ),
    },
    {
      label: 'In this state since',
      value: formatDateTime(record.stateChangedAt),
    },
  ];
}

function incidentRows(r: Incident): FieldRow[] {
  const rows: FieldRow[] = [
    { label: 'Priority', value: r.priority ?? '—' },
    { label: 'Impact', value: enumText(r.impact) },
    { label: 'Urgency', value: enumText(r.urgency) },
    { label: 'Service type', value: enumText(r.serviceType) },
    { label: 'Category', value: text(r.category) },
    { label: 'Major incident', value: yesNo(r.major) },
  ];
  if (r.outage) {
    rows.push({
      label: 'Outage',
      value: `${humanize(r.outage.kind)} from ${formatDateTime(
        r.outage.start,
      )}${r.outage.end ? ` to ${formatDateTime(r.outage.end)}` : ' (ongoing)'}`,
    });
  }
  if (r.changeGate) {
    const reasons = [
      r.changeGate.disruptsService && 'disrupts the service',
      r.changeGate.changesFunctionality && 'changes functionality',
      r.changeGate.requiresCmdbUpdate && 'needs a CMDB update',
    ].filter(Boolean);
    rows.push({
      label: 'Change gate',
      value: reasons.length
        ? `Fix ${reasons.join(', ')}: needs a linked change`
        : 'No change management needed',
    });
  }
  if (r.pendingReason)
    rows.push({ label: 'Pending reason', value: r.pendingReason });
  if (r.resolutionCode)
    rows.push({ label: 'Resolution code', value: enumText(r.resolutionCode) });
  if (r.resolutionNotes)
    rows.push({ label: 'Resolution notes', value: r.resolutionNotes });
  rows.push(
    { label: 'Reopened', value: `${r.reopenCount ?? 0} times` },
    { label: 'Sent back', value: `${r.sendBackCount ?? 0} times` },
    { label: 'Reassigned', value: `${r.reassignmentCount ?? 0} times` },
  );
  if (r.escalated)
    rows.push({ label: 'Escalated', value: 'To the service owner' });
  return rows;
}

function problemRows(r: Problem): FieldRow[] {
  const rows: FieldRow[] = [{ label: 'Category', value: text(r.category) }];
  if (r.impasseReason)
    rows.push({ label: 'Impasse reason', value: r.impasseReason });
  return rows;
}

function changeRows(r: Change, root: string): FieldRow[] {
  const paths = itsmPaths(root);
  const rows: FieldRow[] = [
    { label: 'Change type', value: enumText(r.changeType) },
  ];
  if (r.template) rows.push({ label: 'Template', value: r.template });
  if (r.incidentKey) {
    rows.push({
      label: 'Fixes incident',
      value: (
        <Link to={paths.detail('incidents', r.incidentKey)}>
          {r.incidentKey}
        </Link>
      ),
    });
  }
  rows.push(
    { label: 'Category', value: text(r.category) },
    { label: 'Planned start', value: formatDateTime(r.plannedStart) },
    { label: 'Planned end', value: formatDateTime(r.plannedEnd) },
    { label: 'Service impact', value: enumText(r.serviceImpact) },
    { label: 'Changes functionality', value: yesNo(r.functionalChange) },
    { label: 'Needs a CMDB update', value: yesNo(r.cmdbUpdate) },
    { label: 'Outcome', value: enumText(r.outcome) },
  );
  return rows;
}

function releaseRows(r: Release): FieldRow[] {
  return [
    { label: 'Backlog release', value: yesNo(r.backlog) },
    { label: 'Target date', value: formatDateTime(r.targetDate) },
    { label: 'Within budget', value: yesNo(r.withinBudget) },
  ];
}

function slaRows(r: Sla): FieldRow[] {
  const rows: FieldRow[] = [
    {
      label: 'Customer',
      value: <OptionalEntityLink entityRef={r.customerGroup} />,
    },
    {
      label: 'Service owner',
      value: <OptionalEntityLink entityRef={r.serviceOwnerGroup} />,
    },
    { label: 'Evaluation term', value: enumText(r.term) },
    { label: 'Service hours', value: text(r.calendar) },
    {
      label: 'Availability target',
      value: r.targets ? `${r.targets.availabilityPercent}%` : '—',
    },
    {
      label: 'Most outages per term',
      value:
        r.targets?.maxOutages === undefined
          ? '—'
          : String(r.targets.maxOutages),
    },
  ];
  if (r.targetsValidFrom) {
    rows.push({
      label: 'Targets in force since',
      value: formatDateTime(r.targetsValidFrom),
    });
  }
  if (r.declineReason)
    rows.push({ label: 'Decline reason', value: r.declineReason });
  if (r.terminationReason)
    rows.push({ label: 'Termination reason', value: r.terminationReason });
  if (r.discontinuedEntityRefs?.length) {
    rows.push({
      label: 'Left without an active SLA',
      value: <EntityLinks entityRefs={r.discontinuedEntityRefs} />,
    });
  }
  return rows;
}

/** The fields of the record's type. */
export function typeRows(record: ItsmRecord, root: string): FieldRow[] {
  switch (record.type) {
    case 'incidents':
      return incidentRows(record);
    case 'problems':
      return problemRows(record);
    case 'changes':
      return changeRows(record, root);
    case 'releases':
      return releaseRows(record);
    case 'slas':
      return slaRows(record);
    default:
      return [];
  }
}

const Section = (props: { title: string; children: ReactNode }) => (
  <Box mt={2}>
    <Typography variant="h6" component="h3" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

const Markdown = (props: { title: string; content?: string | null }) =>
  props.content ? (
    <Section title={props.title}>
      <MarkdownContent content={props.content} />
    </Section>
  ) : null;

/** Longer texts of the record (markdown), tasks and SLA targets. */
export const RecordTexts = (props: { record: ItsmRecord }) => {
  const { record } = props;
  switch (record.type) {
    case 'problems':
      return (
        <>
          <Markdown title="Workaround" content={record.workaround} />
          <Markdown title="Root cause" content={record.rootCause} />
          {record.candidateSolutions &&
            record.candidateSolutions.length > 0 && (
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
          <Markdown title="Recommendation" content={record.recommendation} />
        </>
      );
    case 'changes':
      return (
        <>
          <Markdown
            title="Implementation plan"
            content={record.implementationPlan}
          />
          <Markdown title="Test plan" content={record.testPlan} />
          <Markdown title="Backout plan" content={record.backoutPlan} />
          {record.tasks && record.tasks.length > 0 && (
            <Section title="Tasks">
              <MuiTable size="small" aria-label="Tasks">
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
              </MuiTable>
            </Section>
          )}
        </>
      );
    case 'releases':
      return <Markdown title="Summary" content={record.summary} />;
    case 'slas':
      return record.targets ? (
        <Section title="Incident targets per priority">
          <MuiTable size="small" aria-label="Incident targets per priority">
            <TableHead>
              <TableRow>
                <TableCell>Priority</TableCell>
                <TableCell>Response (minutes)</TableCell>
                <TableCell>Resolution (minutes)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {PRIORITIES.map(p => (
                <TableRow key={p}>
                  <TableCell>{p}</TableCell>
                  <TableCell>
                    {record.targets.responseMinutes?.[p] ?? '—'}
                  </TableCell>
                  <TableCell>
                    {record.targets.resolutionMinutes?.[p] ?? '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </MuiTable>
          {record.targetHistory && record.targetHistory.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              Earlier targets:{' '}
              {record.targetHistory.map((h, i) => (
                <Fragment key={i}>
                  {i > 0 && '; '}
                  {h.targets.availabilityPercent}% from{' '}
                  {formatDateTime(h.validFrom)} to {formatDateTime(h.validTo)}
                </Fragment>
              ))}
            </Typography>
          )}
        </Section>
      ) : null;
    default:
      return null;
  }
};
