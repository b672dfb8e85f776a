import {
  ACTION_ROLES,
  Incident,
  isOpenState,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Typography } from '@material-ui/core';
import { useState } from 'react';
import type { EscalationDecisionBody, SlaClockView } from '../../api';
import {
  useDangerThreshold,
  useRecordRefresh,
  useRecordRoles,
} from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { actsInAny, whoCan } from '../common/roles';
import { EscalationDialog, EscalationDecisionKind } from './EscalationDialog';
import { useEscalationDecision } from './hooks';

const ROLES = ACTION_ROLES['incidents.escalationDecision'];

/**
 * The clocks the group coordinator decides on, as the server counts them:
 * running (or paused) and breached, or with the danger threshold of their
 * target used.
 */
export function clocksToDecide(
  clocks: readonly SlaClockView[],
  dangerThreshold: number,
): SlaClockView[] {
  return clocks.filter(
    c =>
      !c.stopped &&
      (c.state === 'breached' || c.elapsedPercent >= dangerThreshold * 100),
  );
}

const clockText = (c: SlaClockView) =>
  `${c.slaKey} ${c.kind} ${
    c.state === 'breached'
      ? 'breached'
      : `in danger (${Math.round(c.elapsedPercent)}% used)`
  }`;

/** The decision asked for: what is due, and who decides. */
const DecisionOffer = (props: { incident: Incident; due: SlaClockView[] }) => {
  const { incident, due } = props;
  const roles = useRecordRoles('incidents', incident.key);
  const known = roles.loading || roles.error ? undefined : roles.value;
  const { decide } = useEscalationDecision(incident.key);
  const { refreshRecord } = useRecordRefresh();
  const [dialog, setDialog] = useState<EscalationDecisionKind>();
  const decides = actsInAny(ROLES, known);

  const submit = async (body: EscalationDecisionBody) => {
    await decide(body);
    setDialog(undefined);
  };

  return (
    <Box role="region" aria-label="Escalation decision" mt={1}>
      <Typography variant="subtitle2" component="h3">
        Escalation decision
      </Typography>
      <Typography variant="body2" paragraph>
        {due.map(clockText).join('; ')}: reassign {incident.key} to another
        specialist, or keep the specialist and urge them.
      </Typography>
      {roles.loading && (
        <Typography variant="body2" color="textSecondary" role="status">
          Checking your roles on {incident.key}…
        </Typography>
      )}
      {!roles.loading && roles.error && (
        <ErrorBanner
          title="Could not read your roles; no decision is offered"
          message={messageOf(roles.error)}
          actions={
            <Button size="small" variant="outlined" onClick={roles.retry}>
              Retry
            </Button>
          }
        />
      )}
      {known && !decides && (
        <Typography variant="body2" color="textSecondary">
          Decided by the {whoCan(ROLES, known.roles)}
        </Typography>
      )}
      {decides && (
        <Box display="flex" style={{ gap: 8 }}>
          <Button
            size="small"
            variant="outlined"
            color="primary"
            onClick={() => setDialog('reassign')}
          >
            Reassign
          </Button>
          <Button
            size="small"
            variant="outlined"
            color="primary"
            onClick={() => setDialog('urge')}
          >
            Urge specialist
          </Button>
        </Box>
      )}
      {dialog && (
        <EscalationDialog
          incident={incident}
          decision={dialog}
          onSubmit={submit}
          onClose={() => setDialog(undefined)}
          onReload={() => {
            setDialog(undefined);
            refreshRecord();
          }}
        />
      )}
    </Box>
  );
};

/**
 * The group coordinator's decision on an open incident whose SLA target is
 * in danger or breached: Reassign or Urge specialist for a caller acting in
 * `ACTION_ROLES['incidents.escalationDecision']`, who decides for anyone
 * else. Nothing is shown while no target is in danger, and nothing is
 * offered while the caller's roles load or when they cannot be read.
 */
export const EscalationDecision = (props: {
  incident: Incident;
  clocks: readonly SlaClockView[];
}) => {
  const { incident, clocks } = props;
  const due = clocksToDecide(clocks, useDangerThreshold());
  const open = isOpenState('incidents', incident.state);
  if (!open || due.length === 0) return null;
  return <DecisionOffer incident={incident} due={due} />;
};
