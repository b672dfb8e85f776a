import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  MenuItem,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import {
  RELEASE_CHANGE_PURPOSES,
  ReleaseChangePurpose,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef, ReleasePlan } from '../../api';
import { formatDateTime } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { FormDialog } from '../common/FormDialog';
import { useReleasePlan, useServiceRole } from './hooks';
import { CARD_TITLE } from '../common/cardTitle';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 30%) 1fr',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  track: { position: 'relative', height: 22 },
  bar: {
    position: 'absolute',
    top: 3,
    height: 16,
    borderRadius: 3,
    backgroundColor: theme.palette.primary.main,
  },
  critical: { backgroundColor: theme.palette.error.main },
  done: { opacity: 0.5 },
}));

const DAY = 86_400_000;

/** The changes of a plan as bars on one time axis, dependencies named. */
const Timeline = ({ plan }: { plan: ReleasePlan }) => {
  const classes = useStyles();
  const start = Date.parse(plan.start);
  const span = Math.max(Date.parse(plan.end) - start, DAY);
  const pct = (at: string) => ((Date.parse(at) - start) / span) * 100;
  return (
    <Box role="list" aria-label="Release plan timeline">
      <Typography variant="body2" paragraph>
        From {formatDateTime(plan.start)} to {formatDateTime(plan.end)}
        {plan.targetDate &&
          ` · target ${formatDateTime(plan.targetDate)} (${
            plan.onSchedule ? 'on schedule' : 'planned to end after it'
          })`}
        {plan.partialFailure &&
          ' · a change failed: finish or back-out changes may be added'}
      </Typography>
      {plan.changes.map(c => (
        <Box key={c.key} className={classes.row} role="listitem">
          <Typography variant="body2" component="div">
            <RecordLink type="changes" recordKey={c.key} /> {c.title}
            <br />
            <Typography variant="caption" color="textSecondary">
              {c.purpose} · {c.coordinator} · {c.durationDays} d · {c.state}
              {c.outcome ? ` (${c.outcome})` : ''}
              {c.dependsOn.length ? ` · after ${c.dependsOn.join(', ')}` : ''}
              {c.critical ? ' · critical path' : ''}
            </Typography>
          </Typography>
          <Box className={classes.track}>
            <Tooltip
              title={`${c.key}: ${formatDateTime(c.start)} – ${formatDateTime(
                c.end,
              )}`}
            >
              <Box
                className={[
                  classes.bar,
                  c.critical ? classes.critical : '',
                  c.state === 'closed' ? classes.done : '',
                ].join(' ')}
                style={{
                  left: `${pct(c.start)}%`,
                  width: `${Math.max(pct(c.end) - pct(c.start), 1)}%`,
                }}
                role="img"
                aria-label={`${c.key} from ${formatDateTime(
                  c.start,
                )} to ${formatDateTime(c.end)}`}
              />
            </Tooltip>
          </Box>
        </Box>
      ))}
    </Box>
  );
};

/**
 * The plan of a release (its changes, one per change coordinator, on a
 * timeline with their dependencies and the critical path); while the
 * release is coordinating, its release coordinator adds changes here.
 */
export const ReleasePlanCard = (props: {
  releaseKey: string;
  serviceRef: string;
}) => {
  const api = useApi(itsmApiRef);
  const plan = useReleasePlan(props.releaseKey);
  const coordinator = useServiceRole(props.serviceRef, 'release-coordinator');
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [person, setPerson] = useState('');
  const [days, setDays] = useState('1');
  const [after, setAfter] = useState('');
  const [purpose, setPurpose] = useState<ReleaseChangePurpose>('deliver');
  if (plan.loading && !plan.value) return <Progress />;
  if (plan.error) return <ResponseErrorPanel error={plan.error} />;
  const p = plan.value!;
  const coordinating = p.releaseState === 'coordinating';
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Release plan">
      {p.changes.length === 0 ? (
        <Typography variant="body2" paragraph>
          No change planned yet
          {coordinating
            ? ': the release coordinator splits the release into changes, one per change coordinator.'
            : '. Changes are planned once coordination starts.'}
        </Typography>
      ) : (
        <Timeline plan={p} />
      )}
      {coordinating &&
        (coordinator.allowed ? (
          <Box mt={2}>
            <Button variant="outlined" onClick={() => setOpen(true)}>
              Add change to plan
            </Button>
          </Box>
        ) : (
          !coordinator.loading && (
            <Typography variant="body2" color="textSecondary">
              The {coordinator.who} plans the changes.
            </Typography>
          )
        ))}
      <FormDialog
        open={open}
        title="Add change to plan"
        submitLabel="Add change"
        onClose={() => setOpen(false)}
        submit={async () => {
          await api.addReleasePlanChange(props.releaseKey, {
            title,
            coordinator: person,
            durationDays: Number(days),
            dependsOn: after.split(/[\s,]+/).filter(Boolean),
            purpose,
          });
          setTitle('');
          setAfter('');
          plan.retry();
        }}
      >
        <TextField
          id="plan-title"
          label="Title"
          value={title}
          onChange={e => setTitle(e.target.value)}
          fullWidth
          required
          margin="normal"
        />
        <TextField
          id="plan-change-coordinator"
          label="Change coordinator"
          placeholder="user:default/tomasz.nowak"
          value={person}
          onChange={e => setPerson(e.target.value)}
          fullWidth
          required
          margin="normal"
        />
        <TextField
          id="plan-duration-days"
          label="Duration (days)"
          type="number"
          value={days}
          onChange={e => setDays(e.target.value)}
          fullWidth
          required
          margin="normal"
        />
        <TextField
          id="plan-after-change-keys"
          label="After (change keys)"
          placeholder="CHG-12, CHG-13"
          value={after}
          onChange={e => setAfter(e.target.value)}
          fullWidth
          margin="normal"
        />
        <TextField
          select
          id="plan-purpose"
          label="Purpose"
          value={purpose}
          onChange={e => setPurpose(e.target.value as ReleaseChangePurpose)}
          helperText="finish and backout only after a change of the plan failed"
          fullWidth
          margin="normal"
        >
          {RELEASE_CHANGE_PURPOSES.map(v => (
            <MenuItem key={v} value={v}>
              {v}
            </MenuItem>
          ))}
        </TextField>
      </FormDialog>
    </InfoCard>
  );
};
