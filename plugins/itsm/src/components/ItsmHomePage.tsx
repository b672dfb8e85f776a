import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Link,
  Page,
} from '@backstage/core-components';
import {
  ITSM_RECORD_TYPES,
  ITSM_RECORD_TYPE_INFO,
} from '@backstage-itsm/plugin-itsm-common';
import { Grid, Typography } from '@material-ui/core';

/** The ITSM home: one entry per process, linking to its records. */
export const ItsmHomePage = () => (
  <Page themeId="tool">
    <Header
      title="ITSM"
      subtitle="Incidents, problems, changes, releases and SLAs on your software catalog"
    />
    <Content>
      <ContentHeader title="Processes" />
      <Grid container spacing={3}>
        {ITSM_RECORD_TYPES.map(type => {
          const info = ITSM_RECORD_TYPE_INFO[type];
          return (
            <Grid item xs={12} sm={6} md={4} key={type}>
              <InfoCard title={info.plural}>
                <Typography variant="body1" paragraph>
                  {info.purpose}
                </Typography>
                <Link to={type} aria-label={`Open ${info.plural}`}>
                  Open {info.plural}
                </Link>
              </InfoCard>
            </Grid>
          );
        })}
      </Grid>
    </Content>
  </Page>
);
