import type { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  availabilityTargetStatus,
  FINISHED_CHANGE_STATES,
  formatTotalCount,
  OPEN_CHANGE_STATES,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
} from '@backstage-itsm/plugin-itsm-common';
import type {
  Change,
  Incident,
  ItsmRecordPage,
  ItsmRecordType,
  Problem,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useDangerThreshold } from '../../hooks';
import { AsyncSection } from './AsyncSection';
import type { AsyncValue } from './AsyncSection';
import { AvailabilityView } from './AvailabilityView';
import { EntityRolesCard } from './EntityRolesCard';
import {
  formatDateTime,
  formatPercent,
  formatWindow,
  refName,
  strictestTarget,
  TARGET_STATUS_LABEL,
} from './format';
import {
  AVAILABILITY_DAYS,
  useAvailabilityData,
  useEntityRecords,
} from './hooks';
import type { AvailabilityData } from './hooks';
import {
  FileRfcLink,
  RecordKeyLink,
  RecordListLink,
  ReportIncidentLink,
} from './links';
import { RecordTable } from './RecordTable';
import { stateLabel } from './states';
import { CARD_TITLE } from '../common/cardTitle';
import { useFocusOutline } from '../common/focusOutline';

/** How many records a list on the tab reads at most. */
const LIST_LIMIT = 50;
/** How many finished changes the tab shows. */
const RECENT_CHANGES = 5;

/** A titled card of the ITSM tab; the section is named after its title. */
const Section = (props: {
  title: string;
  subheader?: string;
  children: ReactNode;
}) => (
  <section aria-label={props.title}>
    <InfoCard
      titleTypographyProps={CARD_TITLE}
      title={props.title}
      subheader={props.subheader}
    >
      {props.children}
    </InfoCard>
  </section>
);

/** "50 of 72 shown" and a link to the full list when a list was cut. */
const MoreNote = (props: {
  page: ItsmRecordPage<unknown>;
  type: ItsmRecordType;
  entityRef: string;
  states: readonly string[];
}) =>
  props.page.totalCount > props.page.items.length ? (
    <Box pt={1} display="flex" alignItems="baseline" style={{ gap: 8 }}>
      <Typography variant="caption" color="textSecondary">
        {props.page.items.length} of {formatTotalCount(props.page)} shown
      </Typography>
      <RecordListLink
        type={props.type}
        entityRef={props.entityRef}
        states={props.states}
      >
        View all {formatTotalCount(props.page)}
      </RecordListLink>
    </Box>
  ) : null;

const keyColumn = (type: ItsmRecordType) => ({
  title: 'Key',
  render: (row: { key: string }) => (
    <RecordKeyLink type={type} recordKey={row.key} />
  ),
});
const titleColumn = {
  title: 'Title',
  render: (row: { title: string }) => row.title,
};
const stateColumn = {
  title: 'State',
  render: (row: { state: string }) => stateLabel(row.state),
};

const OpenIncidents = (props: {
  state: AsyncValue<ItsmRecordPage<Incident>>;
  entityRef: string;
}) => (
  <Section title="Open incidents">
    <AsyncSection
      state={props.state}
      what="open incidents"
      isEmpty={page => page.items.length === 0}
      empty="No open incidents."
    >
      {page => (
        <>
          <RecordTable<Incident>
            label="Open incidents"
            rows={page.items}
            columns={[
              keyColumn('incidents'),
              titleColumn,
              {
                title: 'Priority',
                render: row =>
                  row.major ? `${row.priority} (major)` : row.priority,
              },
              stateColumn,
              { title: 'Opened', render: row => formatDateTime(row.createdAt) },
            ]}
          />
          <MoreNote
            page={page}
            type="incidents"
            entityRef={props.entityRef}
            states={OPEN_INCIDENT_STATES}
          />
        </>
      )}
    </AsyncSection>
  </Section>
);

/** Planned changes soonest first; changes without a window last. */
function byPlannedStart(a: Change, b: Change): number {
  const ta = a.plannedStart ? Date.parse(a.plannedStart) : Infinity;
  const tb = b.plannedStart ? Date.parse(b.plannedStart) : Infinity;
  if (ta === tb) return a.key.localeCompare(b.key);
  return ta < tb ? -1 : 1;
}

const changeColumns = [
  keyColumn('changes'),
  titleColumn,
  stateColumn,
  {
    title: 'Window',
    render: (row: Change) => formatWindow(row.plannedStart, row.plannedEnd),
  },
];

const Changes = (props: {
  open: AsyncValue<ItsmRecordPage<Change>>;
  finished: AsyncValue<ItsmRecordPage<Change>>;
  entityRef: string;
}) => (
  <Section title="Changes">
    <Typography variant="subtitle2" component="h3">
      Planned and in progress
    </Typography>
    <AsyncSection
      state={props.open}
      what="planned changes"
      isEmpty={page => page.items.length === 0}
      empty="No planned or running changes."
    >
      {page => (
        <>
          <RecordTable<Change>
            label="Planned and in-progress changes"
            rows={[...page.items].sort(byPlannedStart)}
            columns={changeColumns}
          />
          <MoreNote
            page={page}
            type="changes"
            entityRef={props.entityRef}
            states={OPEN_CHANGE_STATES}
          />
        </>
      )}
    </AsyncSection>
    <Box pt={2}>
      <Typography variant="subtitle2" component="h3">
        Recently finished
      </Typography>
    </Box>
    <AsyncSection
      state={props.finished}
      what="recent changes"
      isEmpty={page => page.items.length === 0}
      empty="No finished changes."
    >
      {page => (
        <RecordTable<Change>
          label="Recently finished changes"
          rows={page.items}
          columns={[
            ...changeColumns,
            {
              title: 'Outcome',
              render: row => (row.outcome ? stateLabel(row.outcome) : '–'),
            },
          ]}
        />
      )}
    </AsyncSection>
  </Section>
);

const Problems = (props: {
  state: AsyncValue<ItsmRecordPage<Problem>>;
  entityRef: string;
}) => (
  <Section title="Problems">
    <AsyncSection
      state={props.state}
      what="problems"
      isEmpty={page => page.items.length === 0}
      empty="No open problems."
    >
      {page => (
        <>
          <RecordTable<Problem>
            label="Open problems"
            rows={page.items}
            columns={[
              keyColumn('problems'),
              titleColumn,
              stateColumn,
              {
                title: 'Workaround',
                render: row => (row.workaround ? 'Yes' : 'No'),
              },
            ]}
          />
          <MoreNote
            page={page}
            type="problems"
            entityRef={props.entityRef}
            states={OPEN_PROBLEM_STATES}
          />
        </>
      )}
    </AsyncSection>
  </Section>
);

const SlaStatus = (props: { data: AvailabilityData }) => {
  const { slas, availability } = props.data;
  const dangerThreshold = useDangerThreshold();
  const strictest = slas.value ? strictestTarget(slas.value) : undefined;
  return (
    <Section title="SLA status" subheader="Active SLAs covering this entity">
      <AsyncSection
        state={slas}
        what="SLAs"
        isEmpty={items => items.length === 0}
        empty="No active SLA covers this entity."
      >
        {items => (
          <RecordTable<Sla>
            label="Active SLAs"
            rows={items}
            columns={[
              keyColumn('slas'),
              titleColumn,
              {
                title: 'Customer',
                render: row => (
                  <span title={row.customerGroup}>
                    {refName(row.customerGroup)}
                  </span>
                ),
              },
              {
                title: 'Availability target',
                render: row =>
                  `${formatPercent(row.targets.availabilityPercent)}${
                    strictest?.sla.key === row.key && items.length > 1
                      ? ' (strictest)'
                      : ''
                  }`,
              },
              {
                title: `Last ${AVAILABILITY_DAYS} days`,
                render: row => {
                  if (availability.loading) return 'Loading…';
                  if (!availability.value) return 'Unavailable';
                  // Judged by the figure measured in this SLA's service hours.
                  const measured =
                    availability.value.slas?.find(m => m.key === row.key) ??
                    availability.value;
                  return TARGET_STATUS_LABEL[
                    availabilityTargetStatus(
                      measured,
                      row.targets.availabilityPercent,
                      dangerThreshold,
                    )
                  ];
                },
              },
            ]}
          />
        )}
      </AsyncSection>
    </Section>
  );
};

/**
 * The ITSM tab of an entity page: its open incidents, its planned, running
 * and recently finished changes, its problems, the SLAs covering it with
 * their status, its availability over the last 30 days against the SLA
 * target, and who does what for it (its process roles); with links to
 * report an incident or file an RFC for the entity.
 *
 * @public
 */
export const EntityItsmContent = () => {
  useFocusOutline();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const incidents = useEntityRecords(
    'incidents',
    entityRef,
    OPEN_INCIDENT_STATES,
    LIST_LIMIT,
  );
  const openChanges = useEntityRecords(
    'changes',
    entityRef,
    OPEN_CHANGE_STATES,
    LIST_LIMIT,
  );
  const finishedChanges = useEntityRecords(
    'changes',
    entityRef,
    FINISHED_CHANGE_STATES,
    RECENT_CHANGES,
  );
  const problems = useEntityRecords(
    'problems',
    entityRef,
    OPEN_PROBLEM_STATES,
    LIST_LIMIT,
  );
  const availability = useAvailabilityData(entityRef);

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          <ReportIncidentLink entityRef={entityRef} />
          <FileRfcLink entityRef={entityRef} variant="outlined" />
        </Box>
      </Grid>
      <Grid item xs={12}>
        <OpenIncidents state={incidents} entityRef={entityRef} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <Changes
          open={openChanges}
          finished={finishedChanges}
          entityRef={entityRef}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <Problems state={problems} entityRef={entityRef} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <SlaStatus data={availability} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <Section
          title="Availability"
          subheader={`Last ${AVAILABILITY_DAYS} days, daily, within service hours`}
        >
          <AvailabilityView data={availability} />
        </Section>
      </Grid>
      <Grid item xs={12}>
        <EntityRolesCard />
      </Grid>
    </Grid>
  );
};
