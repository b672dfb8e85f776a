import { InfoCard } from '@backstage/core-components';
import {
  PRIORITIES,
  Sla,
  SlaTargets,
  SlaVersion,
  slaVersions,
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
import { formatDateTime, humanize } from '../common/format';
import { formatMinutes } from '../entity/format';
import { CARD_TITLE } from '../common/cardTitle';

type Version = SlaVersion<SlaTargets>;

/** Every version of an SLA, oldest first; the last is the one in force. */
function versionsOf(sla: Sla): Version[] {
  return slaVersions<SlaTargets>({
    entityRefs: sla.entityRefs,
    data: sla as unknown as Record<string, unknown>,
  });
}

const perPriority = (minutes: Record<string, number> | undefined) =>
  PRIORITIES.map(p => `${p} ${formatMinutes(minutes?.[p])}`).join(', ');

/**
 * What a version agreed to, in short: availability, the response and
 * resolution targets per priority, the most outages and whether degraded
 * outages escalate.
 */
export function targetsSummary(version: Version): string {
  const { targets } = version;
  const parts = [
    `${targets.availabilityPercent}% availability`,
    `response ${perPriority(targets.responseMinutes)}`,
    `resolution ${perPriority(targets.resolutionMinutes)}`,
  ];
  if (targets.maxOutages !== undefined) {
    parts.push(`at most ${targets.maxOutages} outages per term`);
  }
  if (version.escalateDegraded) parts.push('degraded outages escalate');
  return parts.join('; ');
}

/** The period a version was in force. */
export function periodText(version: Version): string {
  const from =
    version.validFrom === null
      ? 'From the agreement'
      : `From ${formatDateTime(version.validFrom)}`;
  return version.validTo === null
    ? `${from} on`
    : `${from} to ${formatDateTime(version.validTo)}`;
}

/**
 * The versions of an SLA: the one in force (`slaVersion`, since
 * `versionValidFrom`) and each earlier one with the period it was in force
 * and what it agreed to. Every change of what an active SLA agrees to makes
 * a new version; reports and clocks use the version in force for their
 * period.
 */
export const SlaVersionsCard = (props: { sla: Sla }) => {
  const { sla } = props;
  const all = versionsOf(sla);
  const current = all[all.length - 1];
  const earlier = all.slice(0, -1);
  const number = sla.slaVersion ?? current.version;
  const since = sla.versionValidFrom ?? current.validFrom;
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Versions">
      <Box role="region" aria-label="Versions">
        <Typography variant="body2" paragraph>
          {since
            ? `Version ${number} in force since ${formatDateTime(since)}.`
            : `Version ${number}: the terms the SLA was agreed with.`}
        </Typography>
        {earlier.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No earlier version: the terms have not changed since the SLA was
            agreed.
          </Typography>
        ) : (
          <Table size="small" aria-label="Earlier versions">
            <TableHead>
              <TableRow>
                <TableCell>Version</TableCell>
                <TableCell>In force</TableCell>
                <TableCell>Targets</TableCell>
                <TableCell>Calendar</TableCell>
                <TableCell>Term</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {earlier.map(v => (
                <TableRow key={v.version}>
                  <TableCell>{v.version}</TableCell>
                  <TableCell>{periodText(v)}</TableCell>
                  <TableCell>{targetsSummary(v)}</TableCell>
                  <TableCell>{v.calendar}</TableCell>
                  <TableCell>{humanize(v.term)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </InfoCard>
  );
};
