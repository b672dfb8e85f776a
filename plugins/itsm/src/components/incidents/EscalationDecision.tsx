import {
  ACTION_ROLES,
  clocksInDanger,
  decisionCoversClock,
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
import { humanizeRef } from '../common/EntityLinks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { formatDateTime } from '../common/format';
import { actsInAny, whoCan } from '../common/roles';
import { StatusBanner } from '../common/StatusBanner';
import { EscalationDialog, EscalationDecisionKind } from './EscalationDialog';
import { useEscalationDecision, useSlaClocks } from './hooks';

const ROLES = ACTION_ROLES['incidents.escalationDecision'];

const kindText = (c: SlaClockView) =>
  c.kind === 'response' ? 'Response' : 'Resolution';

/** "Resolution target of SLA-2 breached at …" or "… in danger (80% used), breaches at …". */
export const clockText = (c: SlaClockView) =>
  c.state === 'breached'
    ? `${kindText(c)} target of ${c.slaKey} breached at ${formatDateTime(
        c.breachAt,
      )}`
    : `${kindText(c)} target of ${c.slaKey} in danger (${Math.round(
        c.elapsedPercent,
      )}% used), breaches at ${formatDateTime(c.breachAt)}`;

/** The decision asked for: who decides, and Reassign / Urge specialist for them. */
const DecisionOffer = (props: { incident: Incident }) => {
  const { incident } = props;
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
      <Typography variant="body2" paragraph>
        The group coordinator reassigns {incident.key} to another specialist, or
        keeps the specialist and urges them.
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
        <Typography variant="body2">
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

/** "Decided: urged by sam at …", once the last decision covers every target due. */
const decidedText = (decision: NonNullable<Incident['escalationDecision']>) =>
  `Decided: ${
    decision.decision === 'urge' ? 'urged' : 'reassigned'
  } by ${humanizeRef(decision.decidedBy)} at ${formatDateTime(
    decision.decidedAt,
  )}`;

/**
 * The banner of an open incident whose SLA response or resolution target is
 * in danger (the danger threshold of it used) or breached: which targets,
 * and the group coordinator's decision on them. Reassign or Urge specialist
 * is offered to a caller acting in `ACTION_ROLES
 * ['incidents.escalationDecision']`; anyone else reads who decides. Once
 * the last decision covers every target due (`decisionCoversClock`), it
 * says who decided what and when. The clocks are the ones the page read for
 * the SLA clocks card (one read, `useSlaClocks`). Nothing while no target is in
 * danger; loading and a failure to read the clocks take one line.
 */
export const EscalationDecision = (props: { incident: Incident }) => {
  const { incident } = props;
  const threshold = useDangerThreshold();
  const { value, loading, error, retry } = useSlaClocks(incident.key);
  if (!isOpenState('incidents', incident.state)) return null;
  if (!value) {
    if (error) {
      return (
        <StatusBanner
          severity="error"
          label="SLA targets"
          title={`Could not check the SLA targets of ${incident.key}`}
          actions={
            <Button size="small" variant="outlined" onClick={retry}>
              Retry
            </Button>
          }
        >
          {messageOf(error)}
        </StatusBanner>
      );
    }
    return loading ? (
      <Typography variant="body2" color="textSecondary" role="status">
        Checking the SLA targets of {incident.key}…
      </Typography>
    ) : null;
  }
  // The clocks the server asks a decision on (itsm-common).
  const due = clocksInDanger(value.clocks, threshold);
  if (due.length === 0) return null;
  const decision = incident.escalationDecision;
  const decided = due.every(c => decisionCoversClock(decision, c));
  return (
    <StatusBanner
      severity={due.some(c => c.state === 'breached') ? 'error' : 'warning'}
      label="SLA targets"
      title={
        <>
          {due.map(c => (
            <span key={`${c.slaKey}-${c.kind}`} style={{ display: 'block' }}>
              {clockText(c)}
            </span>
          ))}
        </>
      }
    >
      {decided && decision ? (
        <Typography variant="body2">{decidedText(decision)}</Typography>
      ) : (
        <DecisionOffer incident={incident} />
      )}
    </StatusBanner>
  );
};
