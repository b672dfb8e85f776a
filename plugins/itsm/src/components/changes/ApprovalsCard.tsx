import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  approverState,
  ApproverState,
  Change,
  isApprovalRoundOpen,
  ItsmApproval,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Fragment, useState } from 'react';
import type { ItsmChangeApprovals } from '../../api';
import { useCallerIdentity } from '../../hooks';
import { EntityLink, humanizeRef } from '../common/EntityLinks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { formatDateTime } from '../common/format';
import { approvalTurn } from './approvalTurn';
import { DecisionDialog } from './DecisionDialog';
import { useApprovals } from './hooks';
import { CARD_TITLE } from '../common/cardTitle';

/**
 * The state of a required approver in the current round (itsm-common's
 * `approverState`: rejected when a member rejected, approved at its quorum,
 * else pending), with the decisions that settled it: who and when.
 */
const ApproverDecision = (props: {
  state: ApproverState;
  decisions: readonly ItsmApproval[];
}) => {
  const { state, decisions } = props;
  if (state === 'pending') return <>Pending</>;
  const decisive = decisions.filter(
    d => d.decision === (state === 'approved' ? 'approve' : 'reject'),
  );
  return (
    <>
      {state === 'approved' ? 'Approved' : 'Rejected'} by{' '}
      {decisive.map((d, i) => (
        <Fragment key={`${d.decidedBy}-${d.decidedAt}`}>
          {i > 0 && '; '}
          <EntityLink entityRef={d.decidedBy} />, {formatDateTime(d.decidedAt)}
          {d.reason ? `: ${d.reason}` : ''}
        </Fragment>
      ))}
    </>
  );
};

/**
 * Approve / Reject for the pending approvers the caller represents (see
 * `approvalTurn`), and the dialog deciding for them; otherwise who decides.
 * Nothing is offered while the caller's identity loads or when it cannot be
 * read.
 */
const Decide = (props: {
  change: Change;
  approvals: ItsmChangeApprovals;
  decide: ReturnType<typeof useApprovals>['decide'];
}) => {
  const { change, approvals, decide } = props;
  const identity = useCallerIdentity();
  const [deciding, setDeciding] = useState<'approve' | 'reject'>();
  if (identity.error) {
    return (
      <ErrorBanner
        title="Could not read who you are; no decision is offered"
        message={messageOf(identity.error)}
        actions={
          <Button size="small" variant="outlined" onClick={identity.retry}>
            Retry
          </Button>
        }
      />
    );
  }
  if (identity.loading || !identity.value) {
    return (
      <Typography variant="body2" color="textSecondary" role="status">
        Checking whom you represent…
      </Typography>
    );
  }
  const turn = approvalTurn(change, approvals, identity.value);
  if (turn.mine.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {turn.note}
      </Typography>
    );
  }
  return (
    <>
      <Box display="flex" style={{ gap: 8 }}>
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
      {deciding && (
        <DecisionDialog
          change={change}
          decision={deciding}
          pending={turn.mine}
          onClose={() => setDeciding(undefined)}
          onSubmit={async body => {
            await decide(body);
            setDeciding(undefined);
          }}
        />
      )}
    </>
  );
};

/**
 * The approvals of a change: who must approve and why, the decisions of the
 * current round, earlier rounds, and Approve / Reject for the pending
 * approvers the caller represents, unless they requested the change.
 */
export const ApprovalsCard = (props: { change: Change }) => {
  const { change } = props;
  const { value, loading, error, decide } = useApprovals(change.key);
  const open = isApprovalRoundOpen(change);

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
                const { state, decisions } = approverState(
                  req,
                  value.approvals,
                );
                return (
                  <TableRow key={req.approverRef}>
                    <TableCell>
                      <EntityLink entityRef={req.approverRef} />
                    </TableCell>
                    <TableCell>{req.reason}</TableCell>
                    <TableCell>
                      <ApproverDecision state={state} decisions={decisions} />
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
          <Box mt={2}>
            <Decide change={change} approvals={value} decide={decide} />
          </Box>
        )}
      </>
    );
  }
  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE}
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
