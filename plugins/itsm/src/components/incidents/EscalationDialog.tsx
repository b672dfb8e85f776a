import {
  escalationDecisionSchema,
  Incident,
} from '@backstage-itsm/plugin-itsm-common';
import { TextField, Typography } from '@material-ui/core';
import { useState } from 'react';
import type { EscalationDecisionBody } from '../../api';
import { FormDialog } from '../common/FormDialog';
import { EntityPicker } from '../form/EntityPicker';

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
 * specialist, picked from the catalog's users), then posts it with the
 * incident's version. A refusal shows the server's message; a 409 offers to
 * reload the incident.
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
  const text = TEXT[decision];

  const submit = async () => {
    const checked = check(incident, decision, assignee, reason);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return false;
    }
    setErrors({});
    return onSubmit(checked.body);
  };

  const plainAssignee = (
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
  );

  return (
    <FormDialog
      open
      title={`${text.title} ${incident.key}`}
      submitLabel={text.submit}
      cancelLabel="Go back"
      failureTitle="The decision was not recorded"
      onClose={onClose}
      onReload={onReload}
      submit={submit}
      checksInputs
    >
      <Typography variant="body2" paragraph>
        An SLA target of {incident.key} is in danger or breached; this{' '}
        {text.explain}. The decision and its reason go to the history.
      </Typography>
      {decision === 'reassign' && (
        <EntityPicker
          id="escalation-assignee"
          label="New specialist"
          kind="User"
          required
          value={assignee}
          onChange={setAssignee}
          error={errors.assignee}
          helperText="A person, by name"
          fallback={plainAssignee}
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
    </FormDialog>
  );
};
