import { InfoCard, Progress } from '@backstage/core-components';
import {
  parseSlaTerm,
  Sla,
  SlaTermError,
} from '@backstage-itsm/plugin-itsm-common';
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
import { FormEvent, useState } from 'react';
import type { SlaReport } from '../../api';
import { EntityLink } from '../common/EntityLinks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { RecordLinks } from '../common/RecordLink';
import { formatMinutes, formatPercent } from '../entity/format';
import { useSlaReports } from './hooks';
import { saveBlob } from '../common/saveBlob';
import { previousMonth } from './term';
import { CARD_TITLE } from '../common/cardTitle';

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
                <RecordLinks type="incidents" keys={e.incidents} />
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
          } of ${report.incidents.met + report.incidents.breached} decided${
            report.incidents.compliancePercent === null
              ? ''
              : ` (${report.incidents.compliancePercent}%)`
          }; still running: ${report.incidents.running}`}
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
                    <RecordLinks type="incidents" keys={v.incidents} />
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
export const SlaReportCard = (props: { sla: Sla; now?: Date }) => {
  const { sla, now } = props;
  const reports = useSlaReports(sla.key);
  const [term, setTerm] = useState(() => previousMonth(now));
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState<'report' | 'csv'>();
  const [report, setReport] = useState<SlaReport>();
  const [failure, setFailure] = useState<string>();

  /** The canonical label of the entered term (`2026-q4` gives `2026-Q4`). */
  const checked = (): string | undefined => {
    try {
      const label = parseSlaTerm(term).label;
      setInvalid(false);
      return label;
    } catch (e) {
      if (!(e instanceof SlaTermError)) throw e;
      setInvalid(true);
      return undefined;
    }
  };

  const show = async (event?: FormEvent) => {
    event?.preventDefault();
    const value = checked();
    if (!value) return;
    setBusy('report');
    setFailure(undefined);
    try {
      setReport(await reports.read(value));
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
      const blob = await reports.readCsv(value);
      saveBlob(blob, `${sla.key}-${value}.csv`);
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Term report">
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
