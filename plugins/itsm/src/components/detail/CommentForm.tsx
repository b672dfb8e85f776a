import {
  commentSchema,
  CommentVisibility,
  describeRoleHolders,
  internalCommentRoles,
  ItsmRecordType,
  seesInternalComments,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { FormEvent, useState } from 'react';
import { useRecordActions, useRecordRoles } from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';

/**
 * The comment box: a public reply, or (for those who work the record, the
 * rule of itsm-common's seesInternalComments) an internal note. Others are
 * told who writes internal notes instead of being offered the choice.
 */
export const CommentForm = (props: {
  type: ItsmRecordType;
  recordKey: string;
}) => {
  const { type, recordKey } = props;
  const { addComment } = useRecordActions(type, recordKey);
  const roles = useRecordRoles(type, recordKey);
  const mayWriteInternal =
    !!roles.value && seesInternalComments(roles.value.callerRoles);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<CommentVisibility>('public');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const internal = mayWriteInternal && visibility === 'internal';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = commentSchema.safeParse({
      body,
      ...(internal ? { visibility: 'internal' } : {}),
    });
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

  const workers = roles.value
    ? internalCommentRoles(roles.value.roles).filter(r => r.holders.length)
    : [];

  return (
    <Box component="form" onSubmit={submit} mt={2} aria-label="Add a comment">
      {failure && <ErrorBanner title="Could not comment" message={failure} />}
      {mayWriteInternal && (
        <FormControl component="fieldset" margin="dense">
          <FormLabel component="legend">Who reads it</FormLabel>
          <RadioGroup
            row
            name="comment-visibility"
            value={visibility}
            onChange={e => setVisibility(e.target.value as CommentVisibility)}
          >
            <FormControlLabel
              value="public"
              control={<Radio color="primary" />}
              label="Reply to requester (public)"
            />
            <FormControlLabel
              value="internal"
              control={<Radio color="primary" />}
              label="Internal note"
            />
          </RadioGroup>
        </FormControl>
      )}
      <TextField
        id="new-comment"
        label={internal ? 'Internal note (Markdown)' : 'Comment (Markdown)'}
        multiline
        minRows={3}
        fullWidth
        variant="outlined"
        value={body}
        onChange={e => setBody(e.target.value)}
        error={!!fieldError}
        helperText={
          fieldError ??
          (internal
            ? 'Only those who work the record read it; never the requester.'
            : 'Everyone who reads the record reads it, the requester too.')
        }
      />
      {roles.value && !mayWriteInternal && workers.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Internal notes are written by those who work {recordKey}: the{' '}
          {workers.map(describeRoleHolders).join(' or the ')}.
        </Typography>
      )}
      <Box mt={1}>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={busy}
        >
          {internal ? 'Add internal note' : 'Add comment'}
        </Button>
      </Box>
    </Box>
  );
};
