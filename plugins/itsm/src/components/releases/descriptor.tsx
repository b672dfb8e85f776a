import {
  ITSM_RECORD_TYPE_INFO,
  Release,
} from '@backstage-itsm/plugin-itsm-common';
import type { FieldRow, RecordTypeDescriptor } from '../../records/types';
import { formatDateTime, formatYesNo } from '../common/format';
import { MarkdownSection } from '../common/Section';

function releaseFields(r: Release): FieldRow[] {
  return [
    { label: 'Backlog release', value: formatYesNo(r.backlog) },
    { label: 'Target date', value: formatDateTime(r.targetDate) },
    { label: 'Within budget', value: formatYesNo(r.withinBudget) },
  ];
}

/** Releases: target date, budget and a summary. */
export const releaseDescriptor: RecordTypeDescriptor<'releases'> = {
  type: 'releases',
  info: ITSM_RECORD_TYPE_INFO.releases,
  fields: releaseFields,
  texts: record => <MarkdownSection title="Summary" content={record.summary} />,
};
