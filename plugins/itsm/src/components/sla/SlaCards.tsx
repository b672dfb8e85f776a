import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { Sla } from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { FormEvent, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { ItsmApi, SlaReport } from '../../api';
import { AvailabilityChart } from '../entity/AvailabilityChart';
import { formatMinutes, formatPercent, lastDays } from '../entity/format';
import { EntityLink } from '../common/EntityLinks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { humanize } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { isValidTerm, previousMonth, saveBlob } from './term';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** The targets of an SLA: availability, response and resolution per priority. */
export const SlaTargetsCard = (props: { sla: Sla }) => {
  const { sla } = props;
  const targets = sla.targets;
  return (
    <InfoCard title="Targets">
      <Box role="region" aria-label="Targets">
        <Typography variant="body2">
          {`Availability: ${targets ? `${targets.availabilityPercent}%` : '—'}`}
        </Typography>
        <Typography variant="body2">
          {`Max outages per term: ${
            targets?.maxOutages === undefined ? '—' : targets.maxOutages
          }`}
        </Typography>
        <Typography variant="body2">{`Calendar: ${
          sla.calendar ?? '24x7'
        }`}</Typography>
        <Typography variant="body2" paragraph>
          {`Term: ${humanize(sla.term ?? 'monthly')}`}
        </Typography>
        {targets && (
          <Table size="small" aria-label="Targets per priority">
            <TableHead>
              <TableRow>
                <TableCell>Priority</TableCell>
                <TableCell align="right">Response (min)</TableCell>
                <TableCell align="right">Resolution (min)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {PRIORITIES.map(p => (
                <TableRow key={p}>
                  <TableCell>{p}</TableCell>
                  <TableCell align="right">
                    {targets.responseMinutes?.[p] ?? '—'}
                  </TableCell>
                  <TableCell align="right">
                    {targets.resolutionMinutes?.[p] ?? '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </InfoCard>
  );
};

const EntityAvailability = (props: {
  api: ItsmApi;
  entityRef: string;
  targetPercent?: number;
}) => {
  const { api, entityRef, targetPercent } = props;
  const period = useMemo(() => lastDays(30), []);
  const { value, loading, error } = useAsync(
    () =>
      api.getAvailability({
        entityRef,
        from: period.from,
        to: period.to,
        granularity: 'day',
      }),
    [api, entityRef, period],
  );
  return (
    <Box mb={3} role="group" aria-label={`Availability of ${entityRef}`}>
      <Typography variant="subtitle2" component="h3">
        <EntityLink entityRef={entityRef} />
        {value && ` · ${formatPercent(value.availability)} over 30 days`}
        {value && value.outages > 0 && `, ${value.outages} outage(s)`}
      </Typography>
      {loading && (
        <Progress aria-label={`Loading the availability of ${entityRef}`} />
      )}
      {error && (
        <ResponseErrorPanel
          error={error}
          title={`Could not load the availability of ${entityRef}`}
        />
      )}
      {value && value.series.length > 0 && (
        <AvailabilityChart
          series={value.series}
          targetPercent={targetPercent}
          height={180}
        />
      )}
      {value && value.series.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No availability data.
        </Typography>
      )}
    </Box>
  );
};

/** Daily availability of each covered entity over 30 days against the target. */
export const SlaAvailabilityCard = (props: { api: ItsmApi; sla: Sla }) => {
  const { api, sla } = props;
  return (
    <InfoCard title="Availability" subheader="Last 30 days, per day">
      <Box role="region" aria-label="Availability">
        {sla.entityRefs.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            This SLA covers no entity.
          </Typography>
        ) : (
          sla.entityRefs.map(ref => (
            <EntityAvailability
              key={ref}
              api={api}
              entityRef={ref}
              targetPercent={sla.targets?.availabilityPercent}
            />
          ))
        )}
      </Box>
    </InfoCard>
  );
};

const IncidentLinks = (props: { keys: string[] }) => {
  const paths = useItsmPaths();
  if (props.keys.length === 0) return <>—</>;
  return (
    <>
      {props.keys.map((key, i) => (
        <span key={key}>
          {i > 0 && ', '}
          <Link to={paths.detail('incidents', key)}>{key}</Link>
        </span>
      ))}
    </>
  );
};

const ReportView = (props: { report: SlaReport }) => {
  const { report } = props;
  return (
    <Box mt={2}>
      <Typography variant="subtitle1" component="h3">
        {`Report ${report.term.label}`}
      </Typography>
      <Table size="small" aria-label="Actual vs target">
        <TableHead>
          <TableRow>
            <TableCell>Entity</TableCell>
            <TableCell align="right">Availability</TableCell>
            <TableCell align="right">Target</TableCell>
            <TableCell>Met</TableCell>
            <TableCell align="right">Downtime</TableCell>
            <TableCell align="right">Outages</TableCell>
            <TableCell>Incidents</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.entities.map(e => (
            <TableRow key={e.entityRef}>
              <TableCell>
                <EntityLink entityRef={e.entityRef} />
              </TableCell>
              <TableCell align="right">
                {e.availability === null ? '—' : formatPercent(e.availability)}
              </TableCell>
              <TableCell align="right">{`${e.target}%`}</TableCell>
              <TableCell>{e.met ? 'Met' : 'Missed'}</TableCell>
              <TableCell align="right">
                {formatMinutes(e.downtimeMinutes)}
              </TableCell>
              <TableCell align="right">{e.outages}</TableCell>
              <TableCell>
                <IncidentLinks keys={e.incidents} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box mt={1}>
        <Typography variant="body2">
          {`Outages: ${report.outages.actual}${
            report.outages.max === null
              ? ''
              : ` of at most ${report.outages.max}`
          }`}
        </Typography>
        <Typography variant="body2">
          {`Incidents registered: ${report.incidents.registered}; clocks met: ${
            report.incidents.met
          } of ${report.incidents.clocks}${
            report.incidents.compliancePercent === null
              ? ''
              : ` (${report.incidents.compliancePercent}%)`
          }`}
        </Typography>
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2" component="h4">
          Violations
        </Typography>
        {report.violations.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No violations
          </Typography>
        ) : (
          <Table size="small" aria-label="Violations">
            <TableHead>
              <TableRow>
                <TableCell>Target</TableCell>
                <TableCell>Entity</TableCell>
                <TableCell align="right">Expected</TableCell>
                <TableCell align="right">Actual</TableCell>
                <TableCell>Incidents</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.violations.map((v, i) => (
                <TableRow key={i}>
                  <TableCell>{v.target}</TableCell>
                  <TableCell>
                    {v.entityRef ? <EntityLink entityRef={v.entityRef} /> : '—'}
                  </TableCell>
                  <TableCell align="right">{v.expected}</TableCell>
                  <TableCell align="right">{v.actual}</TableCell>
                  <TableCell>
                    <IncidentLinks keys={v.incidents} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </Box>
  );
};

const TERM_HELP = 'A month (2026-10) or a quarter (2026-Q4)';
const TERM_ERROR = 'Enter a month (YYYY-MM) or a quarter (YYYY-Qn)';

/** The term report of an SLA: actual vs target, violations, CSV download. */
export const SlaReportCard = (props: {
  api: ItsmApi;
  sla: Sla;
  now?: Date;
}) => {
  const { api, sla, now } = props;
  const [term, setTerm] = useState(() => previousMonth(now));
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState<'report' | 'csv'>();
  const [report, setReport] = useState<SlaReport>();
  const [failure, setFailure] = useState<string>();

  const checked = (): string | undefined => {
    const value = term.trim().toLocaleUpperCase('en-US');
    if (!isValidTerm(value)) {
      setInvalid(true);
      return undefined;
    }
    setInvalid(false);
    return value;
  };

  const show = async (event?: FormEvent) => {
    event?.preventDefault();
    const value = checked();
    if (!value) return;
    setBusy('report');
    setFailure(undefined);
    try {
      setReport(await api.getSlaReport(sla.key, value));
    } catch (e) {
      setReport(undefined);
      setFailure(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };

  const download = async () => {
    const value = checked();
    if (!value) return;
    setBusy('csv');
    setFailure(undefined);
    try {
      const blob = await api.downloadSlaReportCsv(sla.key, value);
      saveBlob(blob, `${sla.key}-${value}.csv`);
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <InfoCard title="Term report">
      <Box role="region" aria-label="Term report">
        <form onSubmit={show} noValidate>
          <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
            <TextField
              id="sla-report-term"
              label="Term"
              variant="outlined"
              size="small"
              value={term}
              onChange={e => {
                setTerm(e.target.value);
                setInvalid(false);
              }}
              error={invalid}
              helperText={invalid ? TERM_ERROR : TERM_HELP}
            />
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={busy !== undefined}
            >
              Show report
            </Button>
            <Button
              variant="outlined"
              onClick={download}
              disabled={busy !== undefined}
            >
              Download CSV
            </Button>
          </Box>
        </form>
        {busy === 'report' && <Progress aria-label="Loading the report" />}
        {failure && (
          <ErrorBanner title="Could not load the report" message={failure} />
        )}
        {report && <ReportView report={report} />}
      </Box>
    </InfoCard>
  );
};
