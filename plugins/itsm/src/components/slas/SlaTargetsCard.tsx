import { InfoCard } from '@backstage/core-components';
import {
  PRIORITIES,
  Sla,
  slaCalendarName,
  slaTermKind,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { humanize } from '../common/format';
import { CARD_TITLE } from '../common/cardTitle';

/** The targets of an SLA: availability, response and resolution per priority. */
export const SlaTargetsCard = (props: { sla: Sla }) => {
  const { sla } = props;
  const targets = sla.targets;
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Targets">
      <Box role="region" aria-label="Targets">
        <Typography variant="body2">
          {`Availability: ${targets ? `${targets.availabilityPercent}%` : '—'}`}
        </Typography>
        <Typography variant="body2">
          {`Max outages per term: ${
            targets?.maxOutages === undefined ? '—' : targets.maxOutages
          }`}
        </Typography>
        <Typography variant="body2">{`Calendar: ${slaCalendarName(
          sla,
        )}`}</Typography>
        <Typography variant="body2" paragraph>
          {`Term: ${humanize(slaTermKind(sla))}`}
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
