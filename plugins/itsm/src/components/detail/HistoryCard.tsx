import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Box, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { useRecordHistory } from '../../hooks';
import { EntityLink } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';
import { describeEntry } from './historyText';
import { CARD_TITLE } from '../common/cardTitle';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  entry: {
    borderLeft: `2px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(1.5),
    paddingBottom: theme.spacing(1.5),
    position: 'relative',
  },
  dot: {
    position: 'absolute',
    left: -5,
    top: 6,
    width: 8,
    height: 8,
    borderRadius: '50%',
    backgroundColor: theme.palette.primary.main,
  },
}));

/** The immutable history of a record, oldest first. */
export const HistoryCard = (props: {
  type: ItsmRecordType;
  recordKey: string;
}) => {
  const { type, recordKey } = props;
  const classes = useStyles();
  const { value, loading, error } = useRecordHistory(type, recordKey);

  let content;
  if (loading && !value) content = <Progress aria-label="Loading history" />;
  else if (error)
    content = (
      <ResponseErrorPanel error={error} title="Could not load the history" />
    );
  else if (!value || value.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No history yet.
      </Typography>
    );
  } else {
    content = (
      <ol className={classes.list} aria-label="History">
        {value.items.map((entry, i) => (
          <li key={i} className={classes.entry}>
            <span className={classes.dot} aria-hidden />
            <Typography variant="body2">
              {describeEntry(type, entry)}
            </Typography>
            <Typography variant="caption" color="textSecondary" component="p">
              <EntityLink entityRef={entry.actor} /> ·{' '}
              {formatDateTime(entry.at)}
            </Typography>
          </li>
        ))}
      </ol>
    );
  }
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="History">
      <Box>{content}</Box>
    </InfoCard>
  );
};
