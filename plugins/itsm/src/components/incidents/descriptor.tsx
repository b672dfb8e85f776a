import {
  heldChangeGateConditions,
  Incident,
  ITSM_RECORD_TYPE_INFO,
} from '@backstage-itsm/plugin-itsm-common';
import type { FieldRow, RecordTypeDescriptor } from '../../records/types';
import {
  formatDateTime,
  formatEnum,
  formatValue,
  formatYesNo,
  humanize,
} from '../common/format';
import { PriorityChip } from '../common/StateChip';
import { EntityLink } from '../common/EntityLinks';
import { IncidentBanners } from './IncidentBanners';
import { ProblemFromIncidentCard } from './ProblemFromIncidentCard';
import { SlaClocksCard } from './SlaClocksCard';

function changeGateText(gate: NonNullable<Incident['changeGate']>): string {
  const held = heldChangeGateConditions(gate).map(c => c.label);
  return held.length
    ? `Fix ${held.join(', ')}: needs a linked change`
    : 'No change management needed';
}

/** "Registered by X on behalf of Y": an agent took the requester's call. */
function registeredOnBehalf(r: Incident): FieldRow[] {
  if (!r.registeredBy) return [];
  return [
    {
      label: 'Registered',
      value: (
        <>
          by <EntityLink entityRef={r.registeredBy} /> on behalf of{' '}
          <EntityLink entityRef={r.createdBy} />
        </>
      ),
    },
  ];
}

function incidentFields(r: Incident): FieldRow[] {
  const rows: FieldRow[] = [
    ...registeredOnBehalf(r),
    { label: 'Priority', value: r.priority ?? '—' },
    { label: 'Impact', value: formatEnum(r.impact) },
    { label: 'Urgency', value: formatEnum(r.urgency) },
    { label: 'Service type', value: formatEnum(r.serviceType) },
    { label: 'Category', value: formatValue(r.category) },
    { label: 'Major incident', value: formatYesNo(r.major) },
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
    rows.push({ label: 'Change gate', value: changeGateText(r.changeGate) });
  }
  if (r.pendingReason)
    rows.push({ label: 'Pending reason', value: r.pendingReason });
  if (r.resolutionCode)
    rows.push({
      label: 'Resolution code',
      value: formatEnum(r.resolutionCode),
    });
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

/** Incidents: priority in the header, lists and filters; SLA clocks. */
export const incidentDescriptor: RecordTypeDescriptor<'incidents'> = {
  type: 'incidents',
  info: ITSM_RECORD_TYPE_INFO.incidents,
  fields: incidentFields,
  headerChips: record => <PriorityChip priority={record.priority} />,
  banners: record => <IncidentBanners incident={record} />,
  sideCards: record => [
    <SlaClocksCard key="sla-clocks" incident={record} />,
    <ProblemFromIncidentCard key="problem" incident={record} />,
  ],
  listColumns: [
    {
      label: 'Priority',
      field: 'priority',
      render: row => <PriorityChip priority={row.priority} />,
    },
  ],
  priorityFilter: true,
};
