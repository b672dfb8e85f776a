import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import { useItsmPaths } from './paths';

/** Shown for an ITSM path whose first segment is not a record type. */
export const UnknownTypePage = (props: { recordType?: string }) => {
  const paths = useItsmPaths();
  return (
    <Page themeId="tool">
      <Header title="ITSM" />
      <Content>
        <EmptyState
          missing="content"
          title="No such ITSM page"
          description={
            props.recordType
              ? `"${props.recordType}" is not a kind of ITSM record.`
              : 'This page does not exist.'
          }
          action={<Link to={paths.home()}>Back to ITSM</Link>}
        />
      </Content>
    </Page>
  );
};
