import { InfoCard } from '@backstage/core-components';
import {
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ReactNode } from 'react';
import type { ItsmKpis } from '../../api';
import { formatDateTime, formatPercent } from '../common/format';
import { KpiTile } from './KpiTile';

/** A rate of the release figures (null: nothing to measure) as text. */
export const releaseRate = (ratio: number | null) =>
  ratio === null ? 'n/a' : formatPercent(ratio);

/** How many of the latest CAB meetings the table lists. */
const MEETINGS_SHOWN = 10;

const Tile = (props: { label: string; value: ReactNode; note: ReactNode }) => (
  <Grid item xs={12} sm={6} md={4}>
    <KpiTile label={props.label} value={props.value} note={props.note} />
  </Grid>
);

/**
 * The release figures of the ITSM home (`releases` of `GET /kpis`): CAB
 * meetings and their decisions, RFCs fulfilled or returned unmet, business
 * cases, changes after a partial failure and releases on time. Grid items
 * of the figures' grid, under their own heading.
 */
export const ReleaseKpis = (props: {
  releases: ItsmKpis['releases'];
  /** The period in words ("the last 90 days"). */
  period: string;
}) => {
  const { releases, period } = props;
  const { cabMeetings, businessCases, additionalChanges } = releases;
  const shown = cabMeetings.latest.slice(0, MEETINGS_SHOWN);
  return (
    <>
      <Grid item xs={12}>
        <Typography variant="h6" component="h3">
          Releases
        </Typography>
      </Grid>
      <Tile
        label="CAB meetings"
        value={cabMeetings.closed}
        note={`Closed in ${period}: ${cabMeetings.included} RFCs included, ${cabMeetings.rejected} rejected and ${cabMeetings.carriedOver} carried over to the next meeting.`}
      />
      <Tile
        label="Requirements fulfilled"
        value={releaseRate(releases.requirementsFulfilledRate)}
        note={`${releases.rfcsFulfilled} RFCs closed as fulfilled and ${releases.rfcsReturnedUnmet} returned unmet in ${period}.`}
      />
      <Tile
        label="RFCs returned unmet"
        value={releases.rfcsReturnedUnmet}
        note={`Returned to the backlog at the end of their release's coordination in ${period}.`}
      />
      <Tile
        label="Rejected business cases"
        value={businessCases.sentBack + businessCases.rejected}
        note={`${businessCases.sentBack} sent back for adjustment and ${businessCases.rejected} finally rejected in ${period}.`}
      />
      <Tile
        label="Changes after partial failure"
        value={additionalChanges.total}
        note={`${additionalChanges.finish} to finish and ${additionalChanges.backout} to back out, added to release plans in ${period}.`}
      />
      <Tile
        label="Releases on time"
        value={releaseRate(releases.onTimeRate)}
        note={`${releases.onTime} of the ${releases.withTargetDate} releases with a target date that finished coordination in ${period} did so by it (${releases.coordinationFinished} finished in all).`}
      />
      <Grid item xs={12}>
        <InfoCard title="Latest CAB meetings">
          {shown.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No CAB meeting closed in {period}.
            </Typography>
          ) : (
            <>
              <Table size="small" aria-label="Latest CAB meetings">
                <TableHead>
                  <TableRow>
                    <TableCell>Meeting</TableCell>
                    <TableCell>Closed</TableCell>
                    <TableCell align="right">Included</TableCell>
                    <TableCell align="right">Rejected</TableCell>
                    <TableCell align="right">Carried over</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {shown.map(m => (
                    <TableRow key={m.key}>
                      <TableCell>{m.key}</TableCell>
                      <TableCell>{formatDateTime(m.closedAt)}</TableCell>
                      <TableCell align="right">{m.included}</TableCell>
                      <TableCell align="right">{m.rejected}</TableCell>
                      <TableCell align="right">{m.carriedOver}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Typography variant="body2" color="textSecondary">
                The latest {shown.length} of the {cabMeetings.closed} meetings
                closed in {period}.
              </Typography>
            </>
          )}
        </InfoCard>
      </Grid>
    </>
  );
};
