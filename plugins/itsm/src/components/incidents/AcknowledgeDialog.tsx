import {
  escalationAcknowledgementSchema,
  Incident,
} from '@backstage-itsm/plugin-itsm-common';
import { TextField, Typography } from '@material-ui/core';
import { useState } from 'react';
import type { EscalationAcknowledgementBody } from '../../api';
import { FormDialog } from '../common/FormDialog';

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

  const submit = async () => {
    const parsed = escalationAcknowledgementSchema.safeParse(
      note.trim() ? { note } : {},
    );
    if (!parsed.success) {
      setNoteError(parsed.error.issues[0]?.message);
      return false;
    }
    setNoteError(undefined);
    return onSubmit(parsed.data);
  };

  return (
    <FormDialog
      open
      title={`Acknowledge the escalation of ${incident.key}`}
      submitLabel="Acknowledge"
      cancelLabel="Go back"
      failureTitle="The acknowledgement was not recorded"
      onClose={onClose}
      onReload={onReload}
      submit={submit}
      checksInputs
    >
      <Typography variant="body2" paragraph>
        You take note that {incident.key} was escalated to the service owner.
        Who acknowledged it and when go to its history, and the group
        coordinator is told.
      </Typography>
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
    </FormDialog>
  );
};
