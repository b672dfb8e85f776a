import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  approvalSchema,
  Change,
  ItsmApproval,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ApprovalBody, ItsmApi } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { EntityLink, humanizeRef } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';

const EVERY_PENDING = '__every__';

const DecisionDialog = (props: {
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
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
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
      return;
    }
    setErrors({});
    setFailure(undefined);
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (e) {
      setFailure(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="decision-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="decision-title">
        {verb} {change.key}
      </DialogTitle>
      <DialogContent>
        {failure && (
          <ErrorBanner
            title="The decision was not recorded"
            message={failure}
          />
        )}
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
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={busy}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

function decisionOf(approvals: ItsmApproval[], approverRef: string) {
  return approvals.find(a => !a.superseded && a.approverRef === approverRef);
}

/**
 * The approvals of a change: who must approve and why, the decisions of the
 * current round, earlier rounds, and Approve / Reject for pending approvers.
 */
export const ApprovalsCard = (props: {
  api: ItsmApi;
  change: Change;
  refreshToken: number;
  onDecided: () => void;
}) => {
  const { api, change, refreshToken, onDecided } = props;
  const { value, loading, error } = useAsyncRetry(
    () => api.getApprovals(change.key),
    [api, change.key, refreshToken],
  );
  const [deciding, setDeciding] = useState<'approve' | 'reject'>();

  const open =
    change.state === 'approval' ||
    (change.changeType === 'emergency' &&
      ['implementing', 'verifying'].includes(change.state));

  let content;
  if (loading && !value) content = <Progress aria-label="Loading approvals" />;
  else if (error)
    content = (
      <ResponseErrorPanel error={error} title="Could not load the approvals" />
    );
  else if (!value) content = null;
  else {
    const earlier = value.approvals.filter(a => a.superseded);
    content = (
      <>
        {value.required.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No approvals are required yet; they are computed when the change
            enters approval.
          </Typography>
        ) : (
          <Table size="small" aria-label="Required approvals">
            <TableHead>
              <TableRow>
                <TableCell>Approver</TableCell>
                <TableCell>Why</TableCell>
                <TableCell>Decision</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.required.map(req => {
                const decision = decisionOf(value.approvals, req.approverRef);
                return (
                  <TableRow key={req.approverRef}>
                    <TableCell>
                      <EntityLink entityRef={req.approverRef} />
                    </TableCell>
                    <TableCell>{req.reason}</TableCell>
                    <TableCell>
                      {decision ? (
                        <>
                          {decision.decision === 'approve'
                            ? 'Approved'
                            : 'Rejected'}{' '}
                          by <EntityLink entityRef={decision.decidedBy} />,{' '}
                          {formatDateTime(decision.decidedAt)}
                          {decision.reason ? `: ${decision.reason}` : ''}
                        </>
                      ) : (
                        'Pending'
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {earlier.length > 0 && (
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              Earlier rounds
            </Typography>
            <ul>
              {earlier.map((a, i) => (
                <li key={i}>
                  <Typography variant="body2">
                    {humanizeRef(a.approverRef)}:{' '}
                    {a.decision === 'approve' ? 'approved' : 'rejected'} by{' '}
                    {humanizeRef(a.decidedBy)}, {formatDateTime(a.decidedAt)}
                    {a.reason ? ` (${a.reason})` : ''}
                  </Typography>
                </li>
              ))}
            </ul>
          </Box>
        )}
        {open && value.pending.length > 0 && (
          <Box mt={2} display="flex" style={{ gap: 8 }}>
            <Button
              color="primary"
              variant="contained"
              onClick={() => setDeciding('approve')}
            >
              Approve
            </Button>
            <Button variant="outlined" onClick={() => setDeciding('reject')}>
              Reject
            </Button>
          </Box>
        )}
        {deciding && (
          <DecisionDialog
            change={change}
            decision={deciding}
            pending={value.pending}
            onClose={() => setDeciding(undefined)}
            onSubmit={async body => {
              await api.decideApproval(change.key, body);
              setDeciding(undefined);
              onDecided();
            }}
          />
        )}
      </>
    );
  }
  return (
    <InfoCard
      title="Approvals"
      subheader={
        value && value.pending.length > 0
          ? `${value.pending.length} pending`
          : undefined
      }
    >
      <Box role="region" aria-label="Approvals">
        {content}
      </Box>
    </InfoCard>
  );
};
