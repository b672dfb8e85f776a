import {
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  ItsmComment,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Divider, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import LockOutlined from '@material-ui/icons/LockOutlined';
import { useState } from 'react';
import { useRecordComments } from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { EntityLink } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';
import { CARD_TITLE } from '../common/cardTitle';
import { CommentForm } from './CommentForm';

const useStyles = makeStyles(theme => ({
  // An internal note stands apart: an amber ground and edge, dark text
  // (#5c4400 on #fff8e1 is above 7:1; the dark theme keeps its own text).
  internal: {
    backgroundColor: theme.palette.type === 'dark' ? '#3a2f0b' : '#fff8e1',
    borderLeft: `4px solid ${
      theme.palette.type === 'dark' ? '#ffca28' : '#b28704'
    }`,
    padding: theme.spacing(1, 1.5),
    borderRadius: theme.shape.borderRadius,
  },
  internalLabel: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: 600,
    color: theme.palette.type === 'dark' ? '#ffe082' : '#5c4400',
  },
}));

/** One comment; an internal note is labelled and set apart. */
const CommentItem = (props: { comment: ItsmComment }) => {
  const { comment } = props;
  const classes = useStyles();
  const internal = comment.visibility === 'internal';
  return (
    <Box component="li" mb={2}>
      <Box className={internal ? classes.internal : undefined}>
        {internal && (
          <Typography
            variant="caption"
            component="p"
            className={classes.internalLabel}
          >
            <LockOutlined fontSize="inherit" aria-hidden />
            Internal note · not shown to the requester
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" component="p">
          <EntityLink entityRef={comment.author} /> ·{' '}
          {formatDateTime(comment.createdAt)}
        </Typography>
        <MarkdownContent content={comment.body} />
      </Box>
      <Divider />
    </Box>
  );
};

/**
 * Comments on a record (markdown, rendered safely) and a form to add one.
 * The server lists internal notes only to those who work the record.
 */
export const CommentsCard = (props: {
  type: ItsmRecordType;
  recordKey: string;
}) => {
  const { type, recordKey } = props;
  const first = useRecordComments(type, recordKey);
  const { comments, hasMore } = first;
  const [failure, setFailure] = useState<string>();

  const loadMore = async () => {
    try {
      await first.loadMore();
    } catch (e) {
      setFailure(messageOf(e));
    }
  };

  let list;
  if (first.loading && !first.value)
    list = <Progress aria-label="Loading comments" />;
  else if (first.error)
    list = (
      <ResponseErrorPanel
        error={first.error}
        title="Could not load the comments"
      />
    );
  else if (comments.length === 0) {
    list = (
      <Typography variant="body2" color="textSecondary">
        No comments yet.
      </Typography>
    );
  } else {
    list = (
      <Box
        component="ol"
        aria-label="Comments"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {comments.map(comment => (
          <CommentItem key={comment.id} comment={comment} />
        ))}
        {hasMore && (
          <Button size="small" onClick={loadMore}>
            Show more comments
          </Button>
        )}
      </Box>
    );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE}
      title={`Comments${first.value ? ` (${first.value.totalCount})` : ''}`}
    >
      {failure && <ErrorBanner title="Could not load more" message={failure} />}
      {list}
      <CommentForm type={type} recordKey={recordKey} />
    </InfoCard>
  );
};
