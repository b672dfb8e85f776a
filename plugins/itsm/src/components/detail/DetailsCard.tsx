import { InfoCard, MarkdownContent } from '@backstage/core-components';
import { ItsmRecord } from '@backstage-itsm/plugin-itsm-common';
import { Box, Typography } from '@material-ui/core';
import { recordTypeDescriptor } from '../../records/registry';
import type { FieldRow } from '../../records/types';
import {
  EntityLink,
  EntityLinks,
  OptionalEntityLink,
} from '../common/EntityLinks';
import { FieldList } from '../common/FieldList';
import { formatDateTime } from '../common/format';
import { CARD_TITLE } from '../common/cardTitle';

/** The fields every record has (besides title, state and description). */
export function commonFields(record: ItsmRecord): FieldRow[] {
  return [
    { label: 'Key', value: record.key },
    {
      label: 'Entities',
      value: <EntityLinks entityRefs={record.entityRefs} />,
    },
    {
      label: 'Assigned group',
      value: <OptionalEntityLink entityRef={record.assignedGroup} />,
    },
    {
      label: 'Assignee',
      value: <OptionalEntityLink entityRef={record.assignee} />,
    },
    {
      label: 'Created',
      value: (
        <>
          {formatDateTime(record.createdAt)} by{' '}
          <EntityLink entityRef={record.createdBy} />
        </>
      ),
    },
    {
      label: 'Updated',
      value: (
        <>
          {formatDateTime(record.updatedAt)} by{' '}
          <EntityLink entityRef={record.updatedBy} />
        </>
      ),
    },
    {
      label: 'In this state since',
      value: formatDateTime(record.stateChangedAt),
    },
  ];
}

/**
 * "Details": the description (markdown), the common fields and those of the
 * record's type, and the longer texts of the type.
 */
export const DetailsCard = (props: { record: ItsmRecord }) => {
  const { record } = props;
  const descriptor = recordTypeDescriptor(record.type);
  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Details">
      {record.description ? (
        <MarkdownContent content={record.description} />
      ) : (
        <Typography variant="body2" color="textSecondary" paragraph>
          No description.
        </Typography>
      )}
      <Box mt={2}>
        <FieldList
          rows={[...commonFields(record), ...descriptor.fields(record)]}
        />
      </Box>
      {descriptor.texts?.(record)}
    </InfoCard>
  );
};
