import { Link } from '@backstage/core-components';
import type { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Fragment } from 'react';
import { useItsmPaths } from './paths';

/**
 * The key of a record, linking to its page. Underlined, so that it stands
 * out in running text by more than its colour.
 */
export const RecordLink = (props: {
  type: ItsmRecordType;
  recordKey: string;
}) => {
  const paths = useItsmPaths();
  return (
    <Link to={paths.detail(props.type, props.recordKey)} underline="always">
      {props.recordKey}
    </Link>
  );
};

/** Comma separated links to records of one type; an em dash when none. */
export const RecordLinks = (props: {
  type: ItsmRecordType;
  keys: readonly string[];
}) => {
  if (props.keys.length === 0) return <>—</>;
  return (
    <>
      {props.keys.map((key, i) => (
        <Fragment key={key}>
          {i > 0 && ', '}
          <RecordLink type={props.type} recordKey={key} />
        </Fragment>
      ))}
    </>
  );
};
