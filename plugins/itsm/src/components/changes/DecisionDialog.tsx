import { approvalSchema, Change } from '@backstage-itsm/plugin-itsm-common';
import { MenuItem, TextField } from '@material-ui/core';
import { useState } from 'react';
import type { ApprovalBody } from '../../api';
import { humanizeRef } from '../common/EntityLinks';
import { FormDialog } from '../common/FormDialog';

const EVERY_PENDING = '__every__';

/**
 * Approve or reject a change: for which pending approver (`pending`: those
 * the caller represents), the reason (required to reject) and, for a
 * rejection, back to planning or final.
 */
export const DecisionDialog = (props: {
  change: Change;
  decision: 'approve' | 'reject';
  pending: string[];
  onSubmit: (body: ApprovalBody) => Promise<void>;
  onClose: () => void;
}) => {
  const { change, decision, pending, onSubmit, onClose } = props;
  const [reason, setReason] = useState('');
  const [rejection, setRejection] = useState<'planning' | 'final'>('planning');
  const [approverRef, setApproverRef] = useState(EVERY_PENDING);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const verb = decision === 'approve' ? 'Approve' : 'Reject';

  const submit = async () => {
    const raw: Record<string, unknown> = { decision };
    if (reason.trim()) raw.reason = reason.trim();
    if (decision === 'reject') raw.rejection = rejection;
    if (approverRef !== EVERY_PENDING) raw.approverRef = approverRef;
    const parsed = approvalSchema.safeParse(raw);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues)
        next[String(issue.path[0])] = issue.message;
      setErrors(next);
      return false;
    }
    setErrors({});
    return onSubmit(parsed.data);
  };

  return (
    <FormDialog
      open
      title={`${verb} ${change.key}`}
      submitLabel={verb}
      failureTitle="The decision was not recorded"
      onClose={onClose}
      submit={submit}
      checksInputs
    >
      {pending.length > 1 && (
        <TextField
          id="approval-approver"
          select
          label="Decide for"
          fullWidth
          margin="normal"
          variant="outlined"
          value={approverRef}
          onChange={e => setApproverRef(e.target.value)}
        >
          <MenuItem value={EVERY_PENDING}>
            Every pending approver I represent
          </MenuItem>
          {pending.map(ref => (
            <MenuItem key={ref} value={ref}>
              {humanizeRef(ref)}
            </MenuItem>
          ))}
        </TextField>
      )}
      {decision === 'reject' && (
        <TextField
          id="approval-rejection"
          select
          label="Rejection"
          fullWidth
          margin="normal"
          variant="outlined"
          value={rejection}
          onChange={e => setRejection(e.target.value as 'planning' | 'final')}
          helperText="Insufficient analysis or a conflicting plan goes back to planning; any other rejection ends the change"
        >
          <MenuItem value="planning">Send back to planning</MenuItem>
          <MenuItem value="final">Reject the change</MenuItem>
        </TextField>
      )}
      <TextField
        id="approval-reason"
        label="Reason"
        required={decision === 'reject'}
        multiline
        minRows={3}
        fullWidth
        margin="normal"
        variant="outlined"
        value={reason}
        onChange={e => setReason(e.target.value)}
        error={!!errors.reason}
        helperText={
          errors.reason ?? (decision === 'approve' ? 'Optional' : undefined)
        }
      />
    </FormDialog>
  );
};
