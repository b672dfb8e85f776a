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
import { useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration, formatPercent } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { ChartBox } from './ChartBox';
import { useKpis } from './hooks';
import { KpiTile } from './KpiTile';
import { listSearch, SAMPLE_LIMIT } from './kpis';

/** The process figures of the ITSM home, computed from the list API. */
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

  const openStates = [...OPEN_INCIDENT_STATES];
  const priorityLink = (priority: string) =>
    paths.list(
      'incidents',
      listSearch({ state: openStates, priority: [priority] }),
    );
  const priorityData = PRIORITIES.map(priority => ({
    priority,
    open: kpis.openIncidents.byPriority[priority],
    link: priorityLink(priority),
  }));
  const outcomeData = [
    { outcome: 'Successful', count: kpis.changes.successful },
    { outcome: 'Failed', count: kpis.changes.failed },
    { outcome: 'Backed out', count: kpis.changes.backedOut },
  ];
  const sampleNote = (sampled: number, total: number) =>
    total > sampled ? ` (newest ${sampled} of ${total})` : '';

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          label="Open incidents"
          value={kpis.openIncidents.total}
          note="New, assigned, in progress or pending."
          link={{
            to: paths.list('incidents', listSearch({ state: openStates })),
            text: 'List incidents still open',
          }}
        />
      </Grid>
      {PRIORITIES.map(priority => (
        <Grid item xs={6} sm={3} md={2} key={priority}>
          <KpiTile
            label={`${priority} incidents`}
            value={kpis.openIncidents.byPriority[priority]}
            note="still open"
            link={{
              to: priorityLink(priority),
              text: `List ${priority} incidents`,
            }}
          />
        </Grid>
      ))}
      <Grid item xs={12} sm={6} md={4}>
        <KpiTile
          label="Mean time to resolve"
          value={
            kpis.timeToResolve.meanMs === undefined
              ? '—'
              : formatDuration(kpis.timeToResolve.meanMs)
          }
          note={`Mean time from report to resolution of the ${
            kpis.timeToResolve.sampled
          } incidents now resolved${sampleNote(
            kpis.timeToResolve.sampled,
            kpis.timeToResolve.total,
          )}, at most the last ${SAMPLE_LIMIT}; closed incidents are not counted.`}
          link={{
            to: paths.list('incidents', listSearch({ state: ['resolved'] })),
            text: 'List resolved incidents',
          }}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <KpiTile
          label="Change success rate"
          value={formatPercent(kpis.changes.successRate)}
          note={`${kpis.changes.successful} of ${
            kpis.changes.closedSampled
          } closed changes with outcome successful${sampleNote(
            kpis.changes.closedSampled,
            kpis.changes.closedTotal,
          )}.`}
          link={{
            to: paths.list('changes', listSearch({ state: ['closed'] })),
            text: 'List closed changes',
          }}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <KpiTile
          label="Emergency change ratio"
          value={formatPercent(kpis.changes.emergencyRatio)}
          note={`${kpis.changes.emergency} of ${
            kpis.changes.sampled
          } changes are emergency changes${sampleNote(
            kpis.changes.sampled,
            kpis.changes.total,
          )}.`}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          label="Problems being worked on"
          value={kpis.problems.open}
          note="Not yet resolved or closed, impasse included."
          link={{
            to: paths.list(
              'problems',
              listSearch({ state: [...OPEN_PROBLEM_STATES] }),
            ),
            text: 'List unresolved problems',
          }}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          label="Known errors"
          value={kpis.problems.knownErrors}
          note="Root cause known, waiting for a change."
          link={{
            to: paths.list('problems', listSearch({ state: ['known_error'] })),
            text: 'List known errors',
          }}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          label="Problems in impasse"
          value={kpis.problems.impasse}
          note="No root cause or no practical solution found."
          link={{
            to: paths.list('problems', listSearch({ state: ['impasse'] })),
            text: 'List problems in impasse',
          }}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          label="Active SLAs"
          value={kpis.activeSlas}
          note="Signed by customer and service owner."
          link={{
            to: paths.list('slas', listSearch({ state: ACTIVE_SLA_STATES })),
            text: 'List active SLAs',
          }}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Incidents still open, by priority">
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
        <InfoCard title="Outcome of closed changes">
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
            The newest {kpis.changes.closedSampled} closed changes
            {kpis.changes.withoutOutcome > 0
              ? `; ${kpis.changes.withoutOutcome} closed without an outcome`
              : ''}
            .
          </Typography>
        </InfoCard>
      </Grid>
    </Grid>
  );
};
