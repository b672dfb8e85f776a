import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { Incident } from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Chip,
  LinearProgress,
  Typography,
  withStyles,
} from '@material-ui/core';
import type { SlaClockState, SlaClockView } from '../../api';
import { formatMinutes } from '../entity/format';
import { formatDateTime } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { useSlaClocks } from './hooks';
import { CARD_TITLE } from '../common/cardTitle';

const STATE_COLORS: Record<SlaClockState, string> = {
  ok: '#2e7d32',
  warning: '#ed6c02',
  paused: '#757575',
  breached: '#d32f2f',
  met: '#1565c0',
};

const STATE_TEXT: Record<SlaClockState, string> = {
  ok: 'ok',
  warning: 'warning',
  paused: 'paused',
  breached: 'breached',
  met: 'met',
};

const bar = (color: string) =>
  withStyles({
    root: { height: 10, borderRadius: 5, backgroundColor: '#e0e0e0' },
    bar: { borderRadius: 5, backgroundColor: color },
  })(LinearProgress);

const BARS = Object.fromEntries(
  Object.entries(STATE_COLORS).map(([state, color]) => [state, bar(color)]),
) as Record<SlaClockState, ReturnType<typeof bar>>;

const kindText = (kind: SlaClockView['kind']) =>
  kind === 'response' ? 'Response' : 'Resolution';

const Clock = (props: { clock: SlaClockView }) => {
  const { clock } = props;
  const Bar = BARS[clock.state] ?? BARS.ok;
  const percent = Math.round(clock.elapsedPercent * 10) / 10;
  const name = `${clock.slaKey} ${kindText(clock.kind)}`;
  return (
    <Box mb={2} role="group" aria-label={name}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2" component="h3">
          <RecordLink type="slas" recordKey={clock.slaKey} />{' '}
          {kindText(clock.kind)}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {clock.slaTitle}
        </Typography>
        <Box flexGrow={1} />
        <Chip
          size="small"
          label={STATE_TEXT[clock.state] ?? clock.state}
          aria-label={`State: ${clock.state}`}
          style={{
            backgroundColor: STATE_COLORS[clock.state],
            color: '#fff',
          }}
        />
      </Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} my={0.5}>
        <Box flexGrow={1}>
          <Bar
            variant="determinate"
            value={Math.max(0, Math.min(100, clock.elapsedPercent))}
            aria-label={`${name} elapsed`}
          />
        </Box>
        <Typography variant="body2">{`${percent}%`}</Typography>
      </Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {`Target ${formatMinutes(
          clock.targetMinutes,
        )} · elapsed ${formatMinutes(
          clock.elapsedMinutes,
        )} · remaining ${formatMinutes(
          Math.max(0, clock.remainingMinutes),
        )} · ${clock.state === 'breached' ? 'breached at' : 'breach at'} ${
          clock.stopped ? '—' : formatDateTime(clock.breachAt)
        }`}
        {clock.paused ? ' · paused while pending' : ''}
      </Typography>
    </Box>
  );
};

/**
 * The response and resolution clocks of each active SLA covering an
 * incident. A target in danger or breached, and the group coordinator's
 * decision on it, stand in a banner at the top of the page
 * (EscalationDecision).
 */
export const SlaClocksCard = (props: { incident: Incident }) => {
  const { incident } = props;
  const { value, loading, error } = useSlaClocks(incident.key);
  let content;
  if (loading && !value) {
    content = <Progress aria-label="Loading SLA clocks" />;
  } else if (error) {
    content = (
      <ResponseErrorPanel error={error} title="Could not load the SLA clocks" />
    );
  } else if (!value || value.clocks.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No active SLA covers this incident
      </Typography>
    );
  } else {
    content = (
      <>
        {value.clocks.map(clock => (
          <Clock key={`${clock.slaKey}-${clock.kind}`} clock={clock} />
        ))}
      </>
    );
  }
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="SLA clocks">
      <Box role="region" aria-label="SLA clocks">
        {content}
      </Box>
    </InfoCard>
  );
};
