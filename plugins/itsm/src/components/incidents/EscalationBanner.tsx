import { ACTION_ROLES, Incident } from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Typography } from '@material-ui/core';
import { useState } from 'react';
import type { EscalationAcknowledgementBody } from '../../api';
import { useRecordRefresh, useRecordRoles } from '../../hooks';
import { humanizeRef } from '../common/EntityLinks';
import { messageOf } from '../common/errors';
import { formatDateTime } from '../common/format';
import { actsInAny, whoCan } from '../common/roles';
import { StatusBanner } from '../common/StatusBanner';
import { AcknowledgeDialog } from './AcknowledgeDialog';
import { useEscalationAcknowledgement } from './hooks';

const ROLES = ACTION_ROLES['incidents.escalationAcknowledgement'];

/** "Escalated to payments-team at …: outage down since …". */
export function escalationText(incident: Incident): string {
  const to = incident.escalatedTo
    ? humanizeRef(incident.escalatedTo, { hideKind: true })
    : 'the service owner';
  const at = incident.escalatedAt
    ? ` at ${formatDateTime(incident.escalatedAt)}`
    : '';
  const outage = incident.escalatedOutage ?? incident.outage;
  const since = outage
    ? `: outage ${outage.kind} since ${formatDateTime(outage.start)}`
    : '';
  return `Escalated to ${to}${at}${since}`;
}

/** Acknowledge for the service owner; who may, for anyone else. */
const AcknowledgeOffer = (props: { incident: Incident }) => {
  const { incident } = props;
  const roles = useRecordRoles('incidents', incident.key);
  const known = roles.loading || roles.error ? undefined : roles.value;
  const { acknowledge } = useEscalationAcknowledgement(incident.key);
  const { refreshRecord } = useRecordRefresh();
  const [open, setOpen] = useState(false);
  const may = actsInAny(ROLES, known);

  const submit = async (body: EscalationAcknowledgementBody) => {
    await acknowledge(body);
    setOpen(false);
  };

  return (
    <Box mt={0.5}>
      {roles.loading && (
        <Typography variant="body2">
          Checking your roles on {incident.key}…
        </Typography>
      )}
      {!roles.loading && roles.error && (
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="body2">
            Could not read your roles ({messageOf(roles.error)}); no
            acknowledgement is offered.
          </Typography>
          <Button size="small" variant="outlined" onClick={roles.retry}>
            Retry
          </Button>
        </Box>
      )}
      {known && !may && (
        <Typography variant="body2">
          {`Awaiting acknowledgement by the ${whoCan(ROLES, known.roles)}`}
        </Typography>
      )}
      {may && (
        <>
          <Typography variant="body2" paragraph>
            Awaiting acknowledgement: you may acknowledge it.
          </Typography>
          <Button
            size="small"
            variant="contained"
            color="primary"
            onClick={() => setOpen(true)}
          >
            Acknowledge
          </Button>
        </>
      )}
      {open && (
        <AcknowledgeDialog
          incident={incident}
          onSubmit={submit}
          onClose={() => setOpen(false)}
          onReload={() => {
            setOpen(false);
            refreshRecord();
          }}
        />
      )}
    </Box>
  );
};

/**
 * The banner of an incident escalated to the service owner (an outage past
 * the resolution target of an SLA): to whom, when and which outage. Until
 * the escalation is acknowledged it is a warning, offering Acknowledge to a
 * caller acting in `ACTION_ROLES['incidents.escalationAcknowledgement']`
 * and saying who may to anyone else; afterwards it says who acknowledged
 * it and when.
 */
export const EscalationBanner = (props: { incident: Incident }) => {
  const { incident } = props;
  if (!incident.escalated) return null;
  const by = incident.escalationAcknowledgedBy;
  if (by) {
    const note = incident.escalationAcknowledgementNote;
    return (
      <StatusBanner
        severity="info"
        label="Escalation"
        title={escalationText(incident)}
      >
        {`Acknowledged by ${humanizeRef(by)} at ${formatDateTime(
          incident.escalationAcknowledgedAt,
        )}${note ? `: “${note}”` : ''}`}
      </StatusBanner>
    );
  }
  return (
    <StatusBanner
      severity="warning"
      label="Escalation"
      title={escalationText(incident)}
    >
      <AcknowledgeOffer incident={incident} />
    </StatusBanner>
  );
};
