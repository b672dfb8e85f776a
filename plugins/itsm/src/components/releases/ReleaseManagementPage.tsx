import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Chip,
  Paper,
  TextField,
  Typography,
} from '@material-ui/core';
import { FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CabMeetingSummary, itsmApiRef } from '../../api';
import { formatDateTime } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { RecordLink } from '../common/RecordLink';
import { fromLocalInput } from '../form/mapping';
import { DateTimeField, FormDialog } from '../common/FormDialog';
import { EmptyNote } from '../common/EmptyNote';
import {
  BacklogRfc,
  useCabMeetings,
  useServiceBacklog,
  useServiceRole,
} from './hooks';
import { CARD_TITLE } from '../common/cardTitle';
import { useFocusOutline } from '../common/focusOutline';
import { wrapAtWords } from '../common/tableColumns';

const BacklogCard = ({ serviceRef }: { serviceRef: string }) => {
  const backlog = useServiceBacklog(serviceRef);
  if (backlog.loading) return <Progress />;
  if (backlog.error) return <ResponseErrorPanel error={backlog.error} />;
  const rfcs = backlog.value?.rfcs ?? [];
  const columns: TableColumn<BacklogRfc>[] = [
    {
      title: 'RFC',
      field: 'key',
      render: r => <RecordLink type="changes" recordKey={r.key} />,
    },
    { title: 'Title', field: 'title' },
    {
      title: 'CAB vote',
      field: 'needsVote',
      render: r =>
        r.needsVote ? (
          'needed: goes on the agenda of the next meeting'
        ) : (
          <Chip
            size="small"
            label="needs no CAB vote (fixes a problem, no functional change)"
          />
        ),
    },
  ];
  return (
    <Table<BacklogRfc>
      title={
        backlog.value
          ? `Backlog (${backlog.value.releaseKey}): ${rfcs.length} RFC${
              rfcs.length === 1 ? '' : 's'
            } waiting`
          : 'Backlog'
      }
      options={{ paging: false, search: false, draggable: false }}
      columns={wrapAtWords(columns)}
      data={rfcs}
      emptyContent={
        <Box p={2}>
          <Typography>
            No RFC waits in the backlog of {serviceRef}. RFCs join it when their
            change coordinator hands them to release management.
          </Typography>
        </Box>
      }
    />
  );
};

const MeetingsCard = ({ serviceRef }: { serviceRef: string }) => {
  const paths = useItsmPaths();
  const api = useApi(itsmApiRef);
  const navigate = useNavigate();
  const [cursors, setCursors] = useState<string[]>([]);
  const meetings = useCabMeetings(serviceRef, cursors[cursors.length - 1]);
  const coordinator = useServiceRole(serviceRef, 'release-coordinator');
  const [open, setOpen] = useState(false);
  const [meetingAt, setMeetingAt] = useState('');
  const [deadline, setDeadline] = useState('');
  const columns: TableColumn<CabMeetingSummary>[] = [
    {
      title: 'Meeting',
      field: 'key',
      render: m => <Link to={paths.cabMeeting(m.key)}>{m.key}</Link>,
    },
    { title: 'Title', field: 'title' },
    {
      title: 'Date',
      field: 'meetingAt',
      render: m => formatDateTime(m.meetingAt),
    },
    {
      title: 'Submission deadline',
      field: 'submissionDeadline',
      render: m => formatDateTime(m.submissionDeadline),
    },
    { title: 'State', field: 'state' },
    { title: 'Members', field: 'members', render: m => m.members.length },
  ];
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="CAB meetings">
      <Box mb={2} display="flex" alignItems="center" style={{ gap: 16 }}>
        {coordinator.allowed ? (
          <Button
            variant="contained"
            color="primary"
            onClick={() => setOpen(true)}
          >
            Call CAB meeting
          </Button>
        ) : (
          !coordinator.loading && (
            <Typography variant="body2" color="textSecondary">
              The {coordinator.who} calls CAB meetings of this service.
            </Typography>
          )
        )}
      </Box>
      {meetings.loading && <Progress />}
      {meetings.error && <ResponseErrorPanel error={meetings.error} />}
      {meetings.value && meetings.value.items.length === 0 && (
        <EmptyNote
          title="No CAB meeting yet"
          description="The release coordinator calls one; its members then vote on the RFCs of the agenda."
        />
      )}
      {meetings.value && meetings.value.items.length > 0 && (
        <Table<CabMeetingSummary>
          options={{
            paging: false,
            search: false,
            toolbar: false,
            draggable: false,
          }}
          columns={wrapAtWords(columns)}
          data={meetings.value.items}
        />
      )}
      <Box mt={1} display="flex" style={{ gap: 8 }}>
        {cursors.length > 0 && (
          <Button onClick={() => setCursors(c => c.slice(0, -1))}>Newer</Button>
        )}
        {meetings.value?.nextCursor && (
          <Button
            onClick={() => setCursors(c => [...c, meetings.value!.nextCursor!])}
          >
            Older
          </Button>
        )}
      </Box>
      <FormDialog
        open={open}
        title="Call CAB meeting"
        submitLabel="Call meeting"
        onClose={() => setOpen(false)}
        submit={async () => {
          const meeting = await api.createCabMeeting({
            serviceRef,
            meetingAt: fromLocalInput(meetingAt),
            submissionDeadline: fromLocalInput(deadline),
          });
          navigate(paths.cabMeeting(meeting.key));
        }}
      >
        <DateTimeField
          id="rm-meeting-date"
          label="Meeting date"
          value={meetingAt}
          onChange={setMeetingAt}
        />
        <DateTimeField
          id="rm-submission-deadline"
          label="Submission deadline"
          value={deadline}
          onChange={setDeadline}
          helperText="After it the agenda is frozen"
        />
      </FormDialog>
    </InfoCard>
  );
};

/**
 * Release management of a service (`?service=system:default/payments`):
 * its backlog, marking the RFCs that need no CAB vote, and its CAB meetings,
 * which its release coordinator calls from here.
 */
export const ReleaseManagementPage = () => {
  useFocusOutline();
  const [params, setParams] = useSearchParams();
  const serviceRef = params.get('service') ?? '';
  const [draft, setDraft] = useState(serviceRef);
  const choose = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.trim() ? { service: draft.trim() } : {});
  };
  return (
    <Page themeId="tool">
      <Header
        title="Release management"
        subtitle="The backlog and CAB meetings of a service"
      />
      <Content>
        {/* On a paper background: the theme's grey label is too faint on
            the page's grey (4.47:1). */}
        <Paper
          component="form"
          onSubmit={choose}
          style={{ display: 'flex', gap: 8, padding: 16, marginBottom: 24 }}
        >
          <TextField
            id="rm-service-system"
            label="Service (System)"
            placeholder="system:default/shared-platform"
            value={draft}
            onChange={e => setDraft(e.target.value)}
            style={{ minWidth: 360 }}
          />
          <Button type="submit" variant="outlined">
            Show
          </Button>
        </Paper>
        {serviceRef ? (
          <>
            <Box mb={3}>
              <BacklogCard serviceRef={serviceRef} />
            </Box>
            <MeetingsCard serviceRef={serviceRef} />
          </>
        ) : (
          <EmptyState
            missing="field"
            title="Choose a service"
            description="Give the System whose backlog and CAB meetings you want to see, e.g. system:default/shared-platform. A backlog release links here too."
          />
        )}
      </Content>
    </Page>
  );
};
