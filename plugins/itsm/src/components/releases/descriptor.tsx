import { InfoCard, Link } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import {
  ITSM_RECORD_TYPE_INFO,
  Release,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import type { FieldRow, RecordTypeDescriptor } from '../../records/types';
import { formatDateTime, formatYesNo } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { MarkdownSection } from '../common/Section';
import { ReleasePlanCard } from './ReleasePlanCard';
import { CARD_TITLE } from '../common/cardTitle';

function releaseFields(r: Release): FieldRow[] {
  return [
    { label: 'Backlog release', value: formatYesNo(r.backlog) },
    { label: 'Target date', value: formatDateTime(r.targetDate) },
    { label: 'Within budget', value: formatYesNo(r.withinBudget) },
  ];
}

/** Where the backlog of a service is worked on: its release management page. */
const BacklogCard = ({ serviceRef }: { serviceRef: string }) => {
  const paths = useItsmPaths();
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Release management">
      <Typography variant="body2">
        This is the backlog of {serviceRef}: its RFCs wait for the service's
        CAB.{' '}
        <Link to={paths.releaseManagement(serviceRef)}>
          Backlog and CAB meetings
        </Link>
      </Typography>
    </InfoCard>
  );
};

/** Releases: target date, budget, a summary, and the plan or the backlog. */
export const releaseDescriptor: RecordTypeDescriptor<'releases'> = {
  type: 'releases',
  info: ITSM_RECORD_TYPE_INFO.releases,
  fields: releaseFields,
  releaseManagement: true,
  texts: record => (
    <>
      <MarkdownSection title="Summary" content={record.summary} />
      <MarkdownSection
        title="Post-implementation review"
        content={record.reviewSuggestions}
      />
    </>
  ),
  mainCards: record =>
    record.state === RELEASE_BACKLOG_STATE
      ? [<BacklogCard key="backlog" serviceRef={record.entityRefs[0]} />]
      : [
          <ReleasePlanCard
            key="plan"
            releaseKey={record.key}
            serviceRef={record.entityRefs[0]}
          />,
        ],
};
