import {
  escalationDecisionSchema,
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
import type { EscalationDecisionBody } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { isConflict, messageOf } from '../common/errors';

/** The two decisions of the group coordinator. */
export type EscalationDecisionKind = EscalationDecisionBody['decision'];

const TEXT: Record<
  EscalationDecisionKind,
  { title: string; submit: string; explain: string }
> = {
  reassign: {
    title: 'Reassign',
    submit: 'Reassign',
    explain: 'hands it to another specialist, who is notified',
  },
  urge: {
    title: 'Urge the specialist of',
    submit: 'Urge specialist',
    explain: 'keeps the specialist and notifies them',
  },
};

/**
 * The body of a decision, or the message of each input that is wrong: the
 * server's own schema (itsm-common) decides, with plainer words for what is
 * missing.
 */
function check(
  incident: Incident,
  decision: EscalationDecisionKind,
  assignee: string,
  reason: string,
):
  | { body: EscalationDecisionBody }
  | { errors: { assignee?: string; reason?: string } } {
  const errors: { assignee?: string; reason?: string } = {};
  const named = assignee.trim();
  const parsed = escalationDecisionSchema.safeParse({
    version: incident.version,
    decision,
    reason,
    ...(decision === 'reassign' && named ? { assignee: named } : {}),
  });
  if (parsed.success) return { body: parsed.data as EscalationDecisionBody };
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === 'assignee' || field === 'reason') && !errors[field]) {
      errors[field] = issue.message;
    }
  }
  if (!reason.trim()) errors.reason = 'Say why';
  if (decision === 'reassign' && !named) {
    errors.assignee = 'Name the new specialist';
  }
  return { errors };
}

/**
 * Asks the group coordinator for the reason of a decision on an incident
 * whose SLA target is in danger or breached (and, to reassign, for the new
 * specialist), then posts it with the incident's version. A refusal shows
 * the server's message; a 409 offers to reload the incident.
 */
export const EscalationDialog = (props: {
  incident: Incident;
  decision: EscalationDecisionKind;
  onSubmit: (body: EscalationDecisionBody) => Promise<void>;
  onClose: () => void;
  onReload: () => void;
}) => {
  const { incident, decision, onSubmit, onClose, onReload } = props;
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ assignee?: string; reason?: string }>(
    {},
  );
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const [busy, setBusy] = useState(false);
  const text = TEXT[decision];
  const titleId = `escalation-${decision}-title`;

  const submit = async () => {
    setFailure(undefined);
    const checked = check(incident, decision, assignee, reason);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(checked.body);
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
        {text.title} {incident.key}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          An SLA target of {incident.key} is in danger or breached; this{' '}
          {text.explain}. The decision and its reason go to the history.
        </Typography>
        {failure && (
          <ErrorBanner
            title="The decision was not recorded"
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
        {decision === 'reassign' && (
          <TextField
            id="escalation-assignee"
            label="New specialist"
            required
            fullWidth
            margin="normal"
            variant="outlined"
            value={assignee}
            onChange={e => setAssignee(e.target.value)}
            error={!!errors.assignee}
            helperText={errors.assignee ?? 'user:namespace/name'}
          />
        )}
        <TextField
          id="escalation-reason"
          label="Reason"
          required
          multiline
          minRows={3}
          fullWidth
          margin="normal"
          variant="outlined"
          value={reason}
          onChange={e => setReason(e.target.value)}
          error={!!errors.reason}
          helperText={errors.reason}
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
          {text.submit}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
