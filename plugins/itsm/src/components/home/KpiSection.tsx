import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  ACTIVE_SLA_STATES,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
  PRIORITIES,
} from '@backstage-itsm/plugin-itsm-common';
import { Button, Grid, Typography } from '@material-ui/core';
import { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration, formatPercent } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { ChartBox } from './ChartBox';
import { useKpis } from './hooks';
import { KpiTile } from './KpiTile';
import { listSearch, periodText } from './kpis';
import { ReleaseKpis } from './ReleaseKpis';
import { CARD_TITLE } from '../common/cardTitle';

/** A rate of the API (null: nothing to measure) as text. */
const percent = (ratio: number | null) => formatPercent(ratio ?? undefined);

/** One tile in the grid. */
const Tile = (props: {
  size: { xs: 6 | 12; sm: 3 | 6; md: 2 | 3 | 4 };
  label: string;
  value: ReactNode;
  note: ReactNode;
  link?: { to: string; text: string };
}) => (
  <Grid item {...props.size}>
    <KpiTile
      label={props.label}
      value={props.value}
      note={props.note}
      link={props.link}
    />
  </Grid>
);

const QUARTER = { xs: 12, sm: 6, md: 3 } as const;
const THIRD = { xs: 12, sm: 6, md: 4 } as const;

/**
 * The process figures of the ITSM home, computed by the backend over every
 * record the user may read (`GET /kpis`), never from a sample.
 */
export const KpiSection = () => {
  const paths = useItsmPaths();
  const navigate = useNavigate();
  const { value: kpis, loading, error, retry } = useKpis();

  if (loading) return <Progress aria-label="Loading process figures" />;
  if (error) {
    return (
      <>
        <ResponseErrorPanel
          error={error}
          title="Could not load the process figures"
        />
        <Button variant="outlined" onClick={retry}>
          Try again
        </Button>
      </>
    );
  }
  if (!kpis) return null;

  const { incidents, problems, changes } = kpis;
  const period = periodText(kpis);
  const openStates = [...OPEN_INCIDENT_STATES];
  const priorityLink = (priority: string) =>
    paths.list(
      'incidents',
      listSearch({ state: openStates, priority: [priority] }),
    );
  const priorityData = PRIORITIES.map(priority => ({
    priority,
    open: incidents.open.byPriority[priority],
    link: priorityLink(priority),
  }));
  const outcomeData = [
    { outcome: 'Successful', count: changes.successful },
    { outcome: 'Failed', count: changes.failed },
    { outcome: 'Backed out', count: changes.backedOut },
  ];
  const withOutcome = changes.successful + changes.failed + changes.backedOut;

  return (
    <Grid container spacing={3}>
      <Tile
        size={QUARTER}
        label="Open incidents"
        value={incidents.open.total}
        note="New, assigned, in progress or pending."
        link={{
          to: paths.list('incidents', listSearch({ state: openStates })),
          text: 'List incidents still open',
        }}
      />
      {PRIORITIES.map(priority => (
        <Tile
          key={priority}
          size={{ xs: 6, sm: 3, md: 2 }}
          label={`${priority} incidents`}
          value={incidents.open.byPriority[priority]}
          note="still open"
          link={{
            to: priorityLink(priority),
            text: `List ${priority} incidents`,
          }}
        />
      ))}
      <Tile
        size={THIRD}
        label="Mean time to resolve"
        value={
          incidents.meanTimeToResolveMs === null
            ? '—'
            : formatDuration(incidents.meanTimeToResolveMs)
        }
        note={`Mean time from report to resolution of the ${incidents.resolved} incidents resolved in ${period}, whether closed or reopened since.`}
        link={{
          to: paths.list('incidents', listSearch({ state: ['resolved'] })),
          text: 'List resolved incidents',
        }}
      />
      <Tile
        size={THIRD}
        label="Reopen rate"
        value={percent(incidents.reopenRate)}
        note={`${incidents.reopened} of the ${incidents.resolved} incidents resolved in ${period} were reopened.`}
      />
      <Tile
        size={THIRD}
        label="Major incidents"
        value={incidents.major}
        note={`Of the ${incidents.reported} incidents reported in ${period}.`}
      />
      <Tile
        size={THIRD}
        label="Escalations to the service owner"
        value={incidents.escalations}
        note={`Incidents reported in ${period} whose outage was escalated.`}
      />
      <Tile
        size={THIRD}
        label="Send-backs"
        value={incidents.sendBacks}
        note={`Incidents reported in ${period} sent back to be assigned again.`}
      />
      <Tile
        size={THIRD}
        label="Reassignments"
        value={incidents.reassignments}
        note={`Incidents reported in ${period} moved to another group.`}
      />
      <Tile
        size={THIRD}
        label="Change success rate"
        value={percent(changes.successRate)}
        note={`${changes.successful} of the ${withOutcome} changes closed in ${period} with an outcome were successful.`}
        link={{
          to: paths.list('changes', listSearch({ state: ['closed'] })),
          text: 'List closed changes',
        }}
      />
      <Tile
        size={THIRD}
        label="Failed or backed out"
        value={changes.failed + changes.backedOut}
        note={`${changes.failed} failed and ${changes.backedOut} backed out of the changes closed in ${period}.`}
      />
      <Tile
        size={THIRD}
        label="Emergency change ratio"
        value={percent(changes.emergencyRatio)}
        note={`${changes.emergency} of the ${changes.reported} changes raised in ${period} are emergency changes.`}
      />
      <Tile
        size={THIRD}
        label="Changes that caused incidents"
        value={changes.causedIncidents}
        note={`Changes closed in ${period} that an incident names as its cause.`}
      />
      <Tile
        size={QUARTER}
        label="Problems being worked on"
        value={problems.open}
        note="Not yet resolved or closed, impasse included."
        link={{
          to: paths.list(
            'problems',
            listSearch({ state: [...OPEN_PROBLEM_STATES] }),
          ),
          text: 'List unresolved problems',
        }}
      />
      <Tile
        size={QUARTER}
        label="Known errors"
        value={problems.knownErrors}
        note="Root cause known, waiting for a change."
        link={{
          to: paths.list('problems', listSearch({ state: ['known_error'] })),
          text: 'List known errors',
        }}
      />
      <Tile
        size={QUARTER}
        label="Problems in impasse"
        value={problems.impasse}
        note="No root cause or no practical solution found."
        link={{
          to: paths.list('problems', listSearch({ state: ['impasse'] })),
          text: 'List problems in impasse',
        }}
      />
      <Tile
        size={QUARTER}
        label="Active SLAs"
        value={kpis.slas.active}
        note="Signed by customer and service owner."
        link={{
          to: paths.list('slas', listSearch({ state: ACTIVE_SLA_STATES })),
          text: 'List active SLAs',
        }}
      />
      <Grid item xs={12} md={6}>
        <InfoCard
          titleTypographyProps={CARD_TITLE}
          title="Incidents still open, by priority"
        >
          <ChartBox
            height={240}
            label={`Bar chart of incidents still open by priority: ${priorityData
              .map(d => `${d.priority} ${d.open}`)
              .join(', ')}`}
          >
            {size => (
              <BarChart
                data={priorityData}
                width={size.width}
                height={size.height}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="priority" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar
                  dataKey="open"
                  name="Open incidents"
                  fill="#d32f2f"
                  cursor="pointer"
                  onClick={(entry: {
                    link?: string;
                    payload?: { link?: string };
                  }) => {
                    const link = entry?.link ?? entry?.payload?.link;
                    if (link) navigate(link);
                  }}
                />
              </BarChart>
            )}
          </ChartBox>
          <Typography variant="body2" color="textSecondary">
            Click a bar, or use the priority tiles above, to list those
            incidents.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          titleTypographyProps={CARD_TITLE}
          title="Outcome of closed changes"
        >
          <ChartBox
            height={240}
            label={`Bar chart of closed change outcomes: ${outcomeData
              .map(d => `${d.outcome} ${d.count}`)
              .join(', ')}`}
          >
            {size => (
              <BarChart
                data={outcomeData}
                width={size.width}
                height={size.height}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="outcome" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" name="Closed changes" fill="#1976d2" />
              </BarChart>
            )}
          </ChartBox>
          <Typography variant="body2" color="textSecondary">
            The {changes.closed} changes closed in {period}
            {changes.withoutOutcome > 0
              ? `; ${changes.withoutOutcome} closed without an outcome`
              : ''}
            .
          </Typography>
        </InfoCard>
      </Grid>
      <ReleaseKpis releases={kpis.releases} period={period} />
    </Grid>
  );
};
