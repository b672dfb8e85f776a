import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  ButtonGroup,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { CAB_VOTES, CabVote } from '@backstage-itsm/plugin-itsm-common';
import { CabAgendaItem, CabMeeting, itsmApiRef } from '../../api';
import { useCallerIdentity } from '../../hooks/identity';
import { messageOf } from '../common/errors';
import { ErrorBanner } from '../common/ErrorBanner';
import { formatDateTime, humanize } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { RecordLink } from '../common/RecordLink';
import { fromLocalInput } from '../form/mapping';
import { DateTimeField, FormDialog } from '../common/FormDialog';
import { useCabMeeting, useServiceBacklog, useServiceRole } from './hooks';
import { CARD_TITLE } from '../common/cardTitle';
import { useFocusOutline } from '../common/focusOutline';

const VOTE_LABELS: Record<CabVote, string> = {
  include: 'Include',
  reject: 'Reject',
  defer: 'Defer',
};

/** The live tally of an RFC, in words the members read. */
const Tally = ({ item }: { item: CabAgendaItem }) => {
  const t = item.tally;
  return (
    <Typography variant="body2" aria-label={`Tally of ${item.changeKey}`}>
      include {t.include} · reject {t.reject} · defer {t.defer} · not voted{' '}
      {t.abstain} — {t.needed} of {t.members} needed:{' '}
      <strong>{humanize(item.outcome ?? t.outcome)}</strong>
    </Typography>
  );
};

const AgendaTable = (props: {
  meeting: CabMeeting;
  me?: string;
  onVote(change: string, vote: CabVote): Promise<void>;
}) => {
  const { meeting, me } = props;
  const member = !!me && meeting.members.includes(me);
  const voting = member && meeting.state === 'planned';
  return (
    <Table size="small" aria-label="Agenda">
      <TableHead>
        <TableRow>
          <TableCell>RFC</TableCell>
          <TableCell>Effort (days)</TableCell>
          <TableCell>Cost</TableCell>
          <TableCell>Tally</TableCell>
          {voting && <TableCell>Your vote</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {meeting.agenda.map(item => (
          <TableRow key={item.changeKey}>
            <TableCell>
              <RecordLink type="changes" recordKey={item.changeKey} />{' '}
              {item.changeTitle}
            </TableCell>
            <TableCell>{item.effortDays ?? '—'}</TableCell>
            <TableCell>{item.cost ?? '—'}</TableCell>
            <TableCell>
              <Tally item={item} />
            </TableCell>
            {voting && (
              <TableCell>
                <ButtonGroup
                  size="small"
                  aria-label={`Vote on ${item.changeKey}`}
                >
                  {CAB_VOTES.map(vote => (
                    <Button
                      key={vote}
                      variant={
                        item.votes[me!] === vote ? 'contained' : 'outlined'
                      }
                      color="primary"
                      aria-pressed={item.votes[me!] === vote}
                      onClick={() => props.onVote(item.changeKey, vote)}
                    >
                      {VOTE_LABELS[vote]}
                    </Button>
                  ))}
                </ButtonGroup>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const Minutes = ({ meeting }: { meeting: CabMeeting }) => (
  <InfoCard titleTypographyProps={CARD_TITLE} title="Minutes">
    <Typography variant="body2" paragraph>
      Closed by {meeting.closedBy} on {formatDateTime(meeting.closedAt)}.
      Members: {meeting.members.join(', ')}. Next meeting:{' '}
      {formatDateTime(meeting.nextMeetingAt)}.
    </Typography>
    <ul aria-label="Decisions">
      {meeting.agenda.map(item => (
        <li key={item.changeKey}>
          {item.changeKey} {item.changeTitle}:{' '}
          <strong>{humanize(item.outcome ?? 'backlog')}</strong> (include{' '}
          {item.tally.include}, reject {item.tally.reject}, defer{' '}
          {item.tally.defer}, not voted {item.tally.abstain} of{' '}
          {item.tally.members})
        </li>
      ))}
    </ul>
    {meeting.releaseKey ? (
      <Typography variant="body2">
        The included RFCs form release{' '}
        <RecordLink type="releases" recordKey={meeting.releaseKey} />.
      </Typography>
    ) : (
      <Typography variant="body2">No RFC was included: no release.</Typography>
    )}
  </InfoCard>
);

/**
 * The board of a CAB meeting: the agenda with estimates and live tallies
 * (read again every 10 s while planned), the member's own vote buttons, the
 * release coordinator's agenda and close dialogs, and the minutes.
 */
export const CabMeetingPage = () => {
  useFocusOutline();
  const { key = '' } = useParams();
  const api = useApi(itsmApiRef);
  const paths = useItsmPaths();
  const meeting = useCabMeeting(key);
  const identity = useCallerIdentity();
  const serviceRef = meeting.value?.serviceRef ?? '';
  const coordinator = useServiceRole(serviceRef, 'release-coordinator');
  // Only the coordinator adds RFCs to a planned meeting's agenda: nobody
  // else needs the backlog read.
  const backlog = useServiceBacklog(
    coordinator.allowed && meeting.value?.state === 'planned' ? serviceRef : '',
  );
  const [error, setError] = useState<string>();
  const [agendaOpen, setAgendaOpen] = useState(false);
  const [closeOpen, setCloseOpen] = useState(false);
  const [change, setChange] = useState('');
  const [effort, setEffort] = useState('');
  const [cost, setCost] = useState('');
  const [nextAt, setNextAt] = useState('');
  if (!meeting.last) {
    if (meeting.error) return <ResponseErrorPanel error={meeting.error} />;
    return <Progress />;
  }
  const m = meeting.last;
  const me = identity.value?.userEntityRef.toLocaleLowerCase('en-US');
  const planned = m.state === 'planned';
  const onAgenda = new Set(m.agenda.map(a => a.changeKey));
  const candidates = (backlog.value?.rfcs ?? []).filter(
    r => r.needsVote && !onAgenda.has(r.key),
  );
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      meeting.retry();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Page themeId="tool">
      <Header
        title={`${m.key}: ${m.title}`}
        subtitle={`CAB of ${m.serviceRef} · ${formatDateTime(m.meetingAt)} · ${
          m.state
        }`}
      />
      <Content>
        <Box mb={2}>
          <Link to={paths.releaseManagement(m.serviceRef)}>
            Release management of {m.serviceRef}
          </Link>
        </Box>
        {error && <ErrorBanner message={error} />}
        {meeting.error && (
          <ErrorBanner
            message={`The board could not be read again (${messageOf(
              meeting.error,
            )}); it shows the votes last read and tries again.`}
          />
        )}
        <InfoCard titleTypographyProps={CARD_TITLE} title="Meeting">
          <Typography variant="body2">
            Submission deadline {formatDateTime(m.submissionDeadline)}
            {m.agendaFrozen ? ' (passed: the agenda is frozen)' : ''}.
          </Typography>
          <Typography variant="body2" aria-label="Members">
            Members ({m.members.length}): {m.members.join(', ')}. An RFC is
            included or rejected when at least two thirds of all members vote
            so; otherwise it stays in the backlog.
          </Typography>
          {planned && me && !m.members.includes(me) && (
            <Typography variant="body2" color="textSecondary">
              Only the members above vote; you follow the tallies.
            </Typography>
          )}
          {planned && !coordinator.allowed && !coordinator.loading && (
            <Typography variant="body2" color="textSecondary">
              The {coordinator.who} adds RFCs to the agenda and closes the
              meeting.
            </Typography>
          )}
          {planned && coordinator.allowed && (
            <Box mt={2} display="flex" style={{ gap: 8 }}>
              {!m.agendaFrozen && (
                <Button variant="outlined" onClick={() => setAgendaOpen(true)}>
                  Add RFC to agenda
                </Button>
              )}
              <Button
                variant="contained"
                color="primary"
                onClick={() => setCloseOpen(true)}
              >
                Close meeting
              </Button>
            </Box>
          )}
        </InfoCard>
        <Box mt={3}>
          <InfoCard
            titleTypographyProps={CARD_TITLE}
            title={`Agenda (${m.agenda.length})`}
          >
            {m.agenda.length === 0 ? (
              <Typography variant="body2">
                Nothing on the agenda yet
                {planned && !m.agendaFrozen
                  ? ': the release coordinator adds RFCs of the backlog until the deadline.'
                  : '.'}
              </Typography>
            ) : (
              <AgendaTable
                meeting={m}
                me={me}
                onVote={(rfc, vote) =>
                  act(() => api.voteCabMeeting(m.key, { change: rfc, vote }))
                }
              />
            )}
          </InfoCard>
        </Box>
        {!planned && (
          <Box mt={3}>
            <Minutes meeting={m} />
          </Box>
        )}
        <FormDialog
          open={agendaOpen}
          title="Add RFC to agenda"
          submitLabel="Add"
          onClose={() => setAgendaOpen(false)}
          submit={async () => {
            await api.putCabAgendaItem(m.key, {
              change,
              effortDays: effort === '' ? undefined : Number(effort),
              cost: cost === '' ? undefined : Number(cost),
            });
            setChange('');
            setEffort('');
            setCost('');
            meeting.retry();
          }}
        >
          <TextField
            select
            id="cab-rfc-of-the-backlog"
            label="RFC of the backlog"
            value={change}
            onChange={e => setChange(e.target.value)}
            fullWidth
            required
            margin="normal"
            helperText={
              candidates.length === 0
                ? 'No RFC of the backlog waits for a vote'
                : 'RFCs that need no CAB vote are not offered'
            }
          >
            {candidates.map(r => (
              <MenuItem key={r.key} value={r.key}>
                {r.key} {r.title}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id="cab-effort-estimate-days"
            label="Effort estimate (days)"
            type="number"
            value={effort}
            onChange={e => setEffort(e.target.value)}
            fullWidth
            margin="normal"
          />
          <TextField
            id="cab-cost-estimate"
            label="Cost estimate"
            type="number"
            value={cost}
            onChange={e => setCost(e.target.value)}
            fullWidth
            margin="normal"
          />
        </FormDialog>
        <FormDialog
          open={closeOpen}
          title="Close meeting"
          submitLabel="Close meeting"
          onClose={() => setCloseOpen(false)}
          submit={async () => {
            await api.closeCabMeeting(m.key, {
              version: m.version,
              nextMeetingAt: fromLocalInput(nextAt),
            });
            meeting.retry();
          }}
        >
          <Typography variant="body2">
            Each RFC is decided by the votes given now: included or rejected by
            two thirds of all members, otherwise back to the backlog.
          </Typography>
          <DateTimeField
            id="cab-next-meeting"
            label="Next meeting"
            value={nextAt}
            onChange={setNextAt}
          />
        </FormDialog>
      </Content>
    </Page>
  );
};
