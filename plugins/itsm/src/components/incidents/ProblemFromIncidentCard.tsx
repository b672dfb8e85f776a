import { InfoCard } from '@backstage/core-components';
import type { Incident } from '@backstage-itsm/plugin-itsm-common';
import { Typography } from '@material-ui/core';
import BugReportIcon from '@material-ui/icons/BugReport';
import { ButtonLink } from '../common/ButtonLink';
import { CARD_TITLE } from '../common/cardTitle';
import { useItsmPaths } from '../common/paths';

/** Where the new-problem form of an incident opens: its entities, a title, the incident. */
export function problemFormSearch(incident: Incident): string {
  const params = new URLSearchParams();
  incident.entityRefs.forEach(ref => params.append('entityRef', ref));
  params.set('title', `Cause of ${incident.key}: ${incident.title}`);
  params.set('incidentKey', incident.key);
  return params.toString();
}

/**
 * "Create problem from incident": the cause of an incident (recurring, or
 * unknown) is investigated as a problem, registered with the incident's
 * entities and linked to it when created.
 */
export const ProblemFromIncidentCard = (props: { incident: Incident }) => {
  const paths = useItsmPaths();
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Problem management">
      <Typography variant="body2" paragraph>
        If its cause is unknown or it recurs, register a problem: it is linked
        to {props.incident.key}.
      </Typography>
      <ButtonLink
        href={paths.create('problems', problemFormSearch(props.incident))}
        icon={<BugReportIcon />}
        variant="outlined"
      >
        Create problem from {props.incident.key}
      </ButtonLink>
    </InfoCard>
  );
};
