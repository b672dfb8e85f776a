import { InfoCard } from '@backstage/core-components';
import { OPEN_INCIDENT_STATES } from '@backstage-itsm/plugin-itsm-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { AsyncSection } from './AsyncSection';
import { useOpenIncidentSummary } from './hooks';
import { IncidentsByPriority } from './IncidentsByPriority';
import { RecordKeyLink, RecordListLink, ReportIncidentLink } from './links';
import { stateLabel } from './states';
import { formatDateTime } from './format';
import { CARD_TITLE } from '../common/cardTitle';

/** How many of the newest open incidents the card lists. */
const NEWEST = 5;

/**
 * Entity card: the open incidents of the entity counted by priority, the five
 * newest of them, and a "Report incident" link.
 *
 * @public
 */
export const EntityOpenIncidentsCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const summary = useOpenIncidentSummary(entityRef, NEWEST);
  return (
    <section aria-label="Open incidents">
      <InfoCard
        titleTypographyProps={CARD_TITLE}
        title="Open incidents"
        action={
          <Box pt={1} pr={1}>
            <ReportIncidentLink entityRef={entityRef} variant="outlined" />
          </Box>
        }
      >
        <AsyncSection
          state={summary}
          what="open incidents"
          isEmpty={value => value.total === 0}
          empty="No open incidents."
        >
          {value => (
            <>
              <Typography variant="body2" gutterBottom>
                {value.total === 1
                  ? '1 open incident'
                  : `${value.totalLabel} open incidents`}
              </Typography>
              <IncidentsByPriority
                counts={value.byPriority}
                lowerBounds={value.byPriorityLowerBound}
              />
              <List dense aria-label="Newest open incidents" disablePadding>
                {value.newest.map(incident => (
                  <ListItem key={incident.key} disableGutters>
                    <ListItemText
                      primary={
                        <>
                          <RecordKeyLink
                            type="incidents"
                            recordKey={incident.key}
                          />{' '}
                          {incident.title}
                        </>
                      }
                      secondary={`${incident.priority} · ${stateLabel(
                        incident.state,
                      )} · opened ${formatDateTime(incident.createdAt)}`}
                    />
                  </ListItem>
                ))}
              </List>
              <RecordListLink
                type="incidents"
                entityRef={entityRef}
                states={OPEN_INCIDENT_STATES}
              >
                View all open incidents
              </RecordListLink>
            </>
          )}
        </AsyncSection>
      </InfoCard>
    </section>
  );
};
