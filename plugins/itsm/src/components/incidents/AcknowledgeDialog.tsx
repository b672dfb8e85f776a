import {
  escalationAcknowledgementSchema,
  Incident,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import type { EscalationAcknowledgementBody } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { isConflict, messageOf } from '../common/errors';

/**
 * Asks the service owner for an optional note on the escalation of an
 * incident, then acknowledges it. The server's schema (itsm-common) checks
 * the note; a refusal shows the server's message, and a 409 (someone
 * acknowledged first) offers to reload the incident.
 */
export const AcknowledgeDialog = (props: {
  incident: Incident;
  onSubmit: (body: EscalationAcknowledgementBody) => Promise<void>;
  onClose: () => void;
  onReload: () => void;
}) => {
  const { incident, onSubmit, onClose, onReload } = props;
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const [busy, setBusy] = useState(false);
  const titleId = 'escalation-acknowledgement-title';

  const submit = async () => {
    setFailure(undefined);
    const parsed = escalationAcknowledgementSchema.safeParse(
      note.trim() ? { note } : {},
    );
    if (!parsed.success) {
      setNoteError(parsed.error.issues[0]?.message);
      return;
    }
    setNoteError(undefined);
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (e) {
      setFailure({ message: messageOf(e), conflict: isConflict(e) });
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        Acknowledge the escalation of {incident.key}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          You take note that {incident.key} was escalated to the service owner.
          Who acknowledged it and when go to its history, and the group
          coordinator is told.
        </Typography>
        {failure && (
          <ErrorBanner
            title="The acknowledgement was not recorded"
            message={failure.message}
            actions={
              failure.conflict ? (
                <Button size="small" variant="outlined" onClick={onReload}>
                  Reload
                </Button>
              ) : undefined
            }
          />
        )}
        <TextField
          id="escalation-acknowledgement-note"
          label="Note (optional)"
          multiline
          minRows={3}
          fullWidth
          margin="normal"
          variant="outlined"
          value={note}
          onChange={e => setNote(e.target.value)}
          error={!!noteError}
          helperText={noteError ?? 'What you do about it, for the history'}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Go back
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          Acknowledge
        </Button>
      </DialogActions>
    </Dialog>
  );
};
