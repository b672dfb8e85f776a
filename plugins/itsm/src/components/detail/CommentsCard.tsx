import {
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  commentSchema,
  ItsmComment,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Divider, TextField, Typography } from '@material-ui/core';
import { FormEvent, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ItsmApi } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { EntityLink } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';

const PAGE = 50;

/** Comments on a record (markdown, rendered safely) and a form to add one. */
export const CommentsCard = (props: {
  api: ItsmApi;
  type: ItsmRecordType;
  recordKey: string;
  refreshToken: number;
  onCommented: () => void;
}) => {
  const { api, type, recordKey, refreshToken, onCommented } = props;
  const [reload, setReload] = useState(0);
  const first = useAsyncRetry(
    () => api.listComments(type, recordKey, { limit: PAGE }),
    [api, type, recordKey, refreshToken, reload],
  );
  const [more, setMore] = useState<{
    items: ItsmComment[];
    nextCursor?: string;
  }>({
    items: [],
  });
  useEffect(() => setMore({ items: [] }), [first.value]);
  const [body, setBody] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const nextCursor = more.items.length
    ? more.nextCursor
    : first.value?.nextCursor;
  const loadMore = async () => {
    if (!nextCursor) return;
    try {
      const page = await api.listComments(type, recordKey, {
        limit: PAGE,
        cursor: nextCursor,
      });
      setMore(m => ({
        items: [...m.items, ...page.items],
        nextCursor: page.nextCursor,
      }));
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
      await api.addComment(type, recordKey, parsed.data);
      setBody('');
      setReload(r => r + 1);
      onCommented();
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const comments = [...(first.value?.items ?? []), ...more.items];
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
        {nextCursor && (
          <Button size="small" onClick={loadMore}>
            Show more comments
          </Button>
        )}
      </Box>
    );
  }

  return (
    <InfoCard
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
