import {
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  commentSchema,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Divider, TextField, Typography } from '@material-ui/core';
import { FormEvent, useState } from 'react';
import { useRecordActions, useRecordComments } from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { EntityLink } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';
import { CARD_TITLE } from '../common/cardTitle';

/** Comments on a record (markdown, rendered safely) and a form to add one. */
export const CommentsCard = (props: {
  type: ItsmRecordType;
  recordKey: string;
}) => {
  const { type, recordKey } = props;
  const first = useRecordComments(type, recordKey);
  const { comments, hasMore } = first;
  const { addComment } = useRecordActions(type, recordKey);
  const [body, setBody] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const loadMore = async () => {
    try {
      await first.loadMore();
    } catch (e) {
      setFailure(messageOf(e));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = commentSchema.safeParse({ body });
    if (!parsed.success) {
      setFieldError(`Comment ${parsed.error.issues[0].message}`);
      return;
    }
    setFieldError(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      await addComment(parsed.data);
      setBody('');
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
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
          <Box component="li" key={comment.id} mb={2}>
            <Typography variant="caption" color="textSecondary" component="p">
              <EntityLink entityRef={comment.author} /> ·{' '}
              {formatDateTime(comment.createdAt)}
            </Typography>
            <MarkdownContent content={comment.body} />
            <Divider />
          </Box>
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
      {list}
      <Box component="form" onSubmit={submit} mt={2} aria-label="Add a comment">
        {failure && <ErrorBanner title="Could not comment" message={failure} />}
        <TextField
          id="new-comment"
          label="Comment (Markdown)"
          multiline
          minRows={3}
          fullWidth
          variant="outlined"
          value={body}
          onChange={e => setBody(e.target.value)}
          error={!!fieldError}
          helperText={fieldError}
        />
        <Box mt={1}>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            Add comment
          </Button>
        </Box>
      </Box>
    </InfoCard>
  );
};
