import { InfoCard, Link } from '@backstage/core-components';
import {
  approverState,
  ApproverState,
  ItsmApproval,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { ChangeAssessment, RiskFactor, RiskLevel } from '../../api';
import { EntityLink, EntityLinks, humanizeRef } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { RecordLink } from '../common/RecordLink';
import { Section } from '../common/Section';
import { CARD_TITLE } from '../common/cardTitle';

const FACTOR_LABELS: Record<RiskFactor['factor'], string> = {
  blastRadius: 'Blast radius',
  slaCovered: 'SLA covered',
  serviceHoursImpact: 'Service-hours impact',
  serviceImpact: 'Service impact',
  history: 'Incident history',
  changeType: 'Change type',
  conflicts: 'Conflicts',
  freeze: 'Freeze windows',
};

/** `very high` -> `Very high`. */
export function riskLevelText(level: RiskLevel | string): string {
  return level.charAt(0).toLocaleUpperCase('en-US') + level.slice(1);
}

const STATE_TEXT: Record<ApproverState, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  pending: 'Pending',
};

const Window = (props: { start: string; end: string }) => (
  <>
    {formatDateTime(props.start)} – {formatDateTime(props.end)}
  </>
);

const AffectedEntities = (props: { assessment: ChangeAssessment }) => {
  const { impact } = props.assessment;
  const ownersOf = (ref: string) =>
    impact.owners.filter(o => o.entityRefs.includes(ref)).map(o => o.ownerRef);
  const depths = Array.from(new Set(impact.affected.map(a => a.depth))).sort(
    (a, b) => a - b,
  );
  return (
    <>
      <Typography variant="body2" paragraph>
        Changed: <EntityLinks entityRefs={impact.direct} />
      </Typography>
      {impact.affected.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No other entity is affected through the catalog.
        </Typography>
      ) : (
        <Box role="tree" aria-label="Affected entities">
          {depths.map(depth => {
            const entities = impact.affected.filter(a => a.depth === depth);
            return (
              <Box
                key={depth}
                role="treeitem"
                // Named by what it shows, starting with its heading: a label
                // would leave that text out (axe: label-content-name-mismatch).
                aria-expanded
                pl={(depth - 1) * 2}
              >
                <Typography variant="subtitle2" component="h4">
                  Depth {depth} ({entities.length})
                </Typography>
                <List dense disablePadding role="group">
                  {entities.map(entity => {
                    const owners = ownersOf(entity.entityRef);
                    return (
                      <ListItem
                        key={entity.entityRef}
                        role="treeitem"
                        style={{ paddingLeft: depth * 16 }}
                      >
                        <ListItemText
                          disableTypography
                          primary={
                            <Typography variant="body2" component="div">
                              <EntityLink entityRef={entity.entityRef} />{' '}
                              <Typography
                                component="span"
                                variant="caption"
                                color="textSecondary"
                              >
                                depth {entity.depth}
                                {entity.dependent ? ' · customer' : ''}
                              </Typography>
                            </Typography>
                          }
                          secondary={
                            <Typography
                              variant="caption"
                              color="textSecondary"
                              component="div"
                              title={entity.path
                                .map(r => humanizeRef(r))
                                .join(' → ')}
                              style={{ overflowWrap: 'anywhere' }}
                            >
                              Path:{' '}
                              {entity.path.map(r => humanizeRef(r)).join(' → ')}
                              {' · '}Owners:{' '}
                              {owners.length
                                ? owners.map(r => humanizeRef(r)).join(', ')
                                : '—'}
                            </Typography>
                          }
                        />
                      </ListItem>
                    );
                  })}
                </List>
              </Box>
            );
          })}
        </Box>
      )}
      {impact.truncated && (
        <Typography variant="caption" color="textSecondary">
          The analysis stopped at its maximum depth; more entities may be
          affected.
        </Typography>
      )}
    </>
  );
};

/**
 * The CMDB assessment of a change: risk with its factors, affected
 * entities, required approvers with their state, conflicts, freeze windows
 * and service-hours impact. It is also the change's impact view.
 */
export const AssessmentCard = (props: {
  assessment?: ChangeAssessment | null;
  approvals?: readonly ItsmApproval[];
  plannedStart?: string | null;
}) => {
  const { assessment, approvals = [], plannedStart } = props;
  const paths = useItsmPaths();
  const day = plannedStart ? plannedStart.slice(0, 10) : undefined;
  const calendarLink = (
    <Link
      to={paths.calendar(
        day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `date=${day}` : undefined,
      )}
    >
      Open in calendar
    </Link>
  );

  if (!assessment) {
    return (
      <InfoCard titleTypographyProps={CARD_TITLE} title="Assessment">
        <Box role="region" aria-label="Assessment">
          <Typography variant="body2" color="textSecondary" paragraph>
            This change has no assessment yet. It is computed from the catalog
            when the change is filed and when it enters review, planning,
            approval or scheduling.
          </Typography>
          {calendarLink}
        </Box>
      </InfoCard>
    );
  }

  const { risk } = assessment;
  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE}
      title="Assessment"
      subheader={`Computed ${formatDateTime(assessment.computedAt)}`}
    >
      <Box role="region" aria-label="Assessment">
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography variant="h5" component="p">
            {`Risk: ${riskLevelText(risk.level)}`}
          </Typography>
          <Typography variant="body1" color="textSecondary">
            {`Score ${risk.score}`}
          </Typography>
          <Box flexGrow={1} />
          {calendarLink}
        </Box>
        <Table size="small" aria-label="Risk factors">
          <TableHead>
            <TableRow>
              <TableCell>Factor</TableCell>
              <TableCell align="right">Points</TableCell>
              <TableCell>Detail</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {risk.factors.map(f => (
              <TableRow key={f.factor}>
                <TableCell>{FACTOR_LABELS[f.factor] ?? f.factor}</TableCell>
                <TableCell align="right">{f.points}</TableCell>
                <TableCell>{f.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>

        <Section spacing={3} title="Service hours and customers">
          <Typography variant="body2">
            {`Service-hours impact: ${
              assessment.serviceHoursImpact ? 'yes' : 'no'
            }`}
          </Typography>
          <Typography variant="body2">
            {`Customers affected: ${
              assessment.customerAffecting ? 'yes' : 'no'
            }`}
          </Typography>
          {assessment.impact.slas.length > 0 && (
            <Typography variant="body2">
              SLAs:{' '}
              {assessment.impact.slas.map((sla, i) => (
                <span key={sla.key}>
                  {i > 0 && ', '}
                  <RecordLink type="slas" recordKey={sla.key} /> {sla.title}
                </span>
              ))}
            </Typography>
          )}
        </Section>

        <Section spacing={3} title="Affected entities">
          <AffectedEntities assessment={assessment} />
        </Section>

        <Section spacing={3} title="Approvers">
          {assessment.approvers.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No approval is required.
            </Typography>
          ) : (
            <Table size="small" aria-label="Approvers">
              <TableHead>
                <TableRow>
                  <TableCell>Approver</TableCell>
                  <TableCell>Reason</TableCell>
                  <TableCell>State</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {assessment.approvers.map(approver => {
                  const { state } = approverState(approver, approvals);
                  return (
                    <TableRow key={approver.approverRef}>
                      <TableCell>
                        <EntityLink entityRef={approver.approverRef} />
                        {approver.quorum && approver.quorum > 1
                          ? ` (${approver.quorum} members)`
                          : ''}
                      </TableCell>
                      <TableCell>{approver.reason}</TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          label={STATE_TEXT[state]}
                          color={
                            // eslint-disable-next-line no-nested-ternary
                            state === 'approved'
                              ? 'primary'
                              : state === 'rejected'
                              ? 'secondary'
                              : 'default'
                          }
                          variant={state === 'pending' ? 'outlined' : 'default'}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Section>

        <Section spacing={3} title="Conflicts">
          {assessment.conflicts.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No conflicts
            </Typography>
          ) : (
            <List dense disablePadding aria-label="Conflicts">
              {assessment.conflicts.map(c => (
                <ListItem key={c.changeKey} disableGutters>
                  <ListItemText
                    primary={
                      <>
                        <RecordLink type="changes" recordKey={c.changeKey} />{' '}
                        {c.title}
                      </>
                    }
                    secondary={
                      <>
                        <Window start={c.plannedStart} end={c.plannedEnd} />
                        {c.entityRefs.length > 0 &&
                          ` · on ${c.entityRefs
                            .map(r => humanizeRef(r))
                            .join(', ')}`}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Section>

        <Section spacing={3} title="Freeze windows">
          {assessment.freezeWindows.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No freeze windows
            </Typography>
          ) : (
            <List dense disablePadding aria-label="Freeze windows">
              {assessment.freezeWindows.map(w => (
                <ListItem key={w.id} disableGutters>
                  <ListItemText
                    primary={w.title}
                    secondary={
                      <>
                        <Window start={w.start} end={w.end} />
                        {' · '}
                        {w.scope.kind === 'all'
                          ? 'everything'
                          : `${w.scope.kind} ${humanizeRef(w.scope.entityRef)}`}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Section>

        {assessment.incidentHistory.length > 0 && (
          <Section spacing={3} title="Incidents caused by earlier changes">
            <List dense disablePadding>
              {assessment.incidentHistory.map(i => (
                <ListItem key={i.key} disableGutters>
                  <ListItemText
                    primary={
                      <>
                        <RecordLink type="incidents" recordKey={i.key} />{' '}
                        {i.title}
                      </>
                    }
                    secondary={`caused by ${i.causedByChange}, ${formatDateTime(
                      i.createdAt,
                    )}`}
                  />
                </ListItem>
              ))}
            </List>
          </Section>
        )}
      </Box>
    </InfoCard>
  );
};
