import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import {
  ITSM_RECORD_TYPE_INFO,
  isItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { useParams } from 'react-router-dom';

/**
 * The page of one record type. Until the record API exists it says so
 * plainly instead of pretending to list anything.
 */
export const RecordTypePage = () => {
  const { recordType } = useParams();
  if (!isItsmRecordType(recordType)) {
    return (
      <Page themeId="tool">
        <Header title="ITSM" />
        <Content>
          <EmptyState
            missing="content"
            title="No such ITSM page"
            description={`"${recordType}" is not a kind of ITSM record.`}
            action={<Link to="..">Back to ITSM</Link>}
          />
        </Content>
      </Page>
    );
  }
  const info = ITSM_RECORD_TYPE_INFO[recordType];
  return (
    <Page themeId="tool">
      <Header title={info.plural} subtitle={info.purpose} />
      <Content>
        <EmptyState
          missing="data"
          title={`No ${info.plural.toLowerCase()} yet`}
          description={`${info.singular} records are not available in this version of the ITSM plugin yet.`}
          action={<Link to="..">Back to ITSM</Link>}
        />
      </Content>
    </Page>
  );
};
