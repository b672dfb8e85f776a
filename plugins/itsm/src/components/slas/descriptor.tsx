import {
  ACTION_ROLES,
  ITSM_RECORD_TYPE_INFO,
  PRIORITIES,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Fragment } from 'react';
import type { FieldRow, RecordTypeDescriptor } from '../../records/types';
import { EntityLinks, OptionalEntityLink } from '../common/EntityLinks';
import { formatDateTime, formatEnum, formatValue } from '../common/format';
import { Section } from '../common/Section';
import { SignaturesCard } from './SignaturesCard';
import { SlaAvailabilityCard } from './SlaAvailabilityCard';
import { SlaReportCard } from './SlaReportCard';
import { SlaTargetsCard } from './SlaTargetsCard';
import { SlaVersionsCard } from './SlaVersionsCard';

function slaFields(r: Sla): FieldRow[] {
  const rows: FieldRow[] = [
    {
      label: 'Customer',
      value: <OptionalEntityLink entityRef={r.customerGroup} />,
    },
    {
      label: 'Service owner',
      value: <OptionalEntityLink entityRef={r.serviceOwnerGroup} />,
    },
    { label: 'Evaluation term', value: formatEnum(r.term) },
    { label: 'Service hours', value: formatValue(r.calendar) },
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

/** The incident targets per priority, and the targets in force before. */
const SlaTexts = (props: { record: Sla }) => {
  const { record } = props;
  if (!record.targets) return null;
  return (
    <Section title="Incident targets per priority">
      <Table size="small" aria-label="Incident targets per priority">
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
      </Table>
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
  );
};

/** SLAs: signatures, targets, versions, availability of the covered entities, reports. */
export const slaDescriptor: RecordTypeDescriptor<'slas'> = {
  type: 'slas',
  info: ITSM_RECORD_TYPE_INFO.slas,
  fields: slaFields,
  // Editing an SLA (a new version of it) is managing it.
  editRoles: ACTION_ROLES['slas.manage'],
  texts: record => <SlaTexts record={record} />,
  mainCards: record => [
    <SignaturesCard key="signatures" sla={record} />,
    <SlaTargetsCard key="targets" sla={record} />,
    <SlaVersionsCard key="versions" sla={record} />,
    <SlaAvailabilityCard key="availability" sla={record} />,
    <SlaReportCard key="report" sla={record} />,
  ],
};
