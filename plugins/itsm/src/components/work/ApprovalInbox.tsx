import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Change, formatTotalCount } from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import {
  RecordRefreshProvider,
  useRecord,
  useRecordRefresh,
} from '../../hooks';
import { ApprovalsCard } from '../changes/ApprovalsCard';
import { AssessmentCard } from '../changes/AssessmentCard';
import { EntityLink } from '../common/EntityLinks';
import { formatDateTime, formatEnum } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { useCursorPages, useMyWork } from './hooks';
import { WorkSectionInfo } from './sections';
import { sectionStatus } from './SectionStatus';
import { WorkPager } from './WorkPager';

/** Changes shown at once: each brings its assessment. */
export const APPROVALS_PAGE_SIZE = 5;

/** The assessment of a change as its page shows it (lists do not carry it). */
const InlineAssessment = (props: { change: Change }) => {
  const detail = useRecord('changes', props.change.key);
  if (detail.loading && !detail.value) {
    return (
      <Progress aria-label={`Loading the assessment of ${props.change.key}`} />
    );
  }
  if (detail.error || !detail.value) {
    return (
      <ResponseErrorPanel
        error={detail.error ?? new Error('No answer')}
        title={`Could not load the assessment of ${props.change.key}`}
      />
    );
  }
  return (
    <AssessmentCard
      assessment={detail.value.assessment}
      approvals={detail.value.approvals}
      plannedStart={detail.value.plannedStart}
    />
  );
};

/** One change awaiting the caller: what it is, its assessment, Approve / Reject. */
const ApprovalItem = (props: { change: Change }) => {
  const { change } = props;
  const window =
    change.plannedStart && change.plannedEnd
      ? `${formatDateTime(change.plannedStart)} – ${formatDateTime(
          change.plannedEnd,
        )}`
      : 'no window planned';
  return (
    <Box
      component="section"
      aria-label={`${change.key} ${change.title}`}
      mb={4}
    >
      <Typography variant="h6" component="h2">
        <RecordLink type="changes" recordKey={change.key} /> {change.title}
      </Typography>
      <Typography variant="body2" paragraph>
        {formatEnum(change.changeType)} change requested by{' '}
        <EntityLink entityRef={change.createdBy} />; window {window}; service
        impact {formatEnum(change.serviceImpact)}.
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <ApprovalsCard change={change} />
        </Grid>
        <Grid item xs={12} md={6}>
          <InlineAssessment change={change} />
        </Grid>
      </Grid>
    </Box>
  );
};

const ApprovalList = (props: { info: WorkSectionInfo }) => {
  const { info } = props;
  // A decision taken here reloads the section: the change leaves it.
  const { recordVersion } = useRecordRefresh();
  const pages = useCursorPages();
  const {
    value: page,
    loading,
    error,
    retry,
  } = useMyWork(
    'approvals',
    { limit: APPROVALS_PAGE_SIZE, cursor: pages.cursor },
    recordVersion,
  );
  const status = sectionStatus({
    info,
    loading,
    error,
    retry,
    count: page?.items.length,
    emptyAction: pages.isFirst ? undefined : (
      <Button variant="outlined" onClick={pages.reset}>
        Back to the first page
      </Button>
    ),
  });
  if (status || !page) return status;
  return (
    <Box role="region" aria-label={info.label}>
      <Typography variant="body2" paragraph>
        {formatTotalCount(page)}{' '}
        {page.totalCount === 1 ? 'change awaits' : 'changes await'} your
        decision. {info.description}
      </Typography>
      {(page.items as Change[]).map(change => (
        <ApprovalItem key={change.key} change={change} />
      ))}
      <WorkPager label={info.label} page={page} pages={pages} />
    </Box>
  );
};

/**
 * The approvals inbox: each change awaiting the caller's approval with its
 * assessment inline and Approve / Reject in place (the change page's
 * ApprovalsCard and AssessmentCard), a few changes a page.
 */
export const ApprovalInbox = (props: { info: WorkSectionInfo }) => (
  <RecordRefreshProvider>
    <ApprovalList info={props.info} />
  </RecordRefreshProvider>
);
