import { Incident, isFinishedState } from '@backstage-itsm/plugin-itsm-common';
import { Box } from '@material-ui/core';
import { EscalationBanner } from './EscalationBanner';
import { EscalationDecision } from './EscalationDecision';

/**
 * The banners at the top of an incident's page: its escalation to the
 * service owner, and its SLA targets in danger or breached with the group
 * coordinator's decision. Nothing on a closed or cancelled incident. Each
 * banner loads on its own; none holds up the rest of the page.
 */
export const IncidentBanners = (props: { incident: Incident }) => {
  const { incident } = props;
  if (isFinishedState('incidents', incident.state)) return null;
  return (
    <Box>
      <EscalationBanner incident={incident} />
      <EscalationDecision incident={incident} />
    </Box>
  );
};
