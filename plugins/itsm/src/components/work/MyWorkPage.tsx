import { Content, Header, Page } from '@backstage/core-components';
import { Box, Tab, Tabs } from '@material-ui/core';
import { useSearchParams } from 'react-router-dom';
import { useFocusOutline } from '../common/focusOutline';
import { useItsmPaths } from '../common/paths';
import { ApprovalInbox } from './ApprovalInbox';
import { sectionOf, WORK_SECTIONS } from './sections';
import { WorkTable } from './WorkTable';

/**
 * "My work" at `/itsm/my-work`: the signed-in user's records, the queues of
 * their groups, the changes awaiting their approval and the SLAs awaiting
 * their signature, one tab each (`?section=`, so Back returns to it).
 */
export const MyWorkPage = () => {
  useFocusOutline();
  const paths = useItsmPaths();
  const [searchParams, setSearchParams] = useSearchParams();
  const info = sectionOf(searchParams.get('section'));
  return (
    <Page themeId="tool">
      <Header
        title="My work"
        subtitle="What is assigned to you and your groups, and what awaits your decision"
        type="ITSM"
        typeLink={paths.home()}
      />
      <Content>
        <Tabs
          value={info.section}
          onChange={(_e, section) => setSearchParams({ section })}
          indicatorColor="primary"
          textColor="primary"
          variant="scrollable"
          aria-label="Sections of my work"
        >
          {WORK_SECTIONS.map(s => (
            <Tab
              key={s.section}
              value={s.section}
              label={s.label}
              id={`my-work-tab-${s.section}`}
              aria-controls={`my-work-panel-${s.section}`}
            />
          ))}
        </Tabs>
        <Box
          mt={2}
          role="tabpanel"
          id={`my-work-panel-${info.section}`}
          aria-labelledby={`my-work-tab-${info.section}`}
        >
          {info.section === 'approvals' ? (
            <ApprovalInbox key={info.section} info={info} />
          ) : (
            <WorkTable key={info.section} info={info} />
          )}
        </Box>
      </Content>
    </Page>
  );
};
