import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Link,
  LinkButton,
  Page,
  WarningPanel,
} from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { ITSM_RECORD_TYPES } from '@backstage-itsm/plugin-itsm-common';
import { Box, Grid, Typography } from '@material-ui/core';
import { itsmApiRef } from '../../api';
import { recordTypeDescriptor } from '../../records/registry';
import { singularInText } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { KpiSection } from './KpiSection';
import { CARD_TITLE } from '../common/cardTitle';
import { useFocusOutline } from '../common/focusOutline';

/**
 * The ITSM home: the process figures (KPIs) and one entry per process,
 * linking to its records.
 */
export const ItsmHomePage = () => {
  useFocusOutline();
  // The links to the processes stay usable even when the app has not
  // registered the ITSM API; the figures say what is missing.
  const hasApi = !!useApiHolder().get(itsmApiRef);
  const paths = useItsmPaths();
  return (
    <Page themeId="tool">
      <Header
        title="ITSM"
        subtitle="Incidents, problems, changes, releases and SLAs on your software catalog"
      >
        <LinkButton to={paths.myWork()} variant="contained" color="default">
          My work
        </LinkButton>
      </Header>
      <Content>
        <ContentHeader title="Process figures" />
        <Box mb={4}>
          {hasApi ? (
            <KpiSection />
          ) : (
            <WarningPanel
              severity="info"
              title="Process figures are not available"
              message="The app does not provide the ITSM API (plugin.itsm.api), so no figures can be loaded."
            />
          )}
        </Box>
        <ContentHeader title="Processes" />
        <Grid container spacing={3}>
          {ITSM_RECORD_TYPES.map(type => {
            const { info, calendar } = recordTypeDescriptor(type);
            return (
              <Grid item xs={12} sm={6} md={4} key={type}>
                <InfoCard titleTypographyProps={CARD_TITLE} title={info.plural}>
                  <Typography variant="body1" paragraph>
                    {info.purpose}
                  </Typography>
                  <Link
                    to={paths.list(type)}
                    aria-label={`Open ${info.plural}`}
                  >
                    Open {info.plural}
                  </Link>
                  {' · '}
                  <Link to={paths.create(type)}>
                    New {singularInText(info.singular)}
                  </Link>
                  {calendar && (
                    <>
                      {' · '}
                      <Link to={paths.calendar()}>Change calendar</Link>
                    </>
                  )}
                </InfoCard>
              </Grid>
            );
          })}
        </Grid>
      </Content>
    </Page>
  );
};
