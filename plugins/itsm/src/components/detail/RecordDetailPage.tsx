import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  isItsmRecordType,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Button, Grid, LinearProgress } from '@material-ui/core';
import { ReactElement } from 'react';
import { useParams } from 'react-router-dom';
import type { RecordDetail } from '../../api';
import { RecordRefreshProvider, useRecord } from '../../hooks';
import { recordTypeDescriptor } from '../../records/registry';
import { statusOf } from '../common/errors';
import { singularInText } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { UnknownTypePage } from '../common/UnknownTypePage';
import { CommentsCard } from './CommentsCard';
import { DetailsCard } from './DetailsCard';
import { HistoryCard } from './HistoryCard';
import { LinksCard } from './LinksCard';
import { RecordActions } from './RecordActions';

/** A column of cards. */
const Column = (props: { cards: ReactElement[] }) => (
  <Grid container spacing={3} direction="column" wrap="nowrap">
    {props.cards.map(card => (
      <Grid item key={card.key}>
        {card}
      </Grid>
    ))}
  </Grid>
);

/**
 * The cards of a record: details, the cards of its type and comments in the
 * main column; the side cards of its type, links and history beside them.
 */
const RecordCards = (props: { record: RecordDetail<ItsmRecordType> }) => {
  const { record } = props;
  const descriptor = recordTypeDescriptor(record.type);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <Column
          cards={[
            <DetailsCard key="details" record={record} />,
            ...(descriptor.mainCards?.(record) ?? []),
            <CommentsCard
              key="comments"
              type={record.type}
              recordKey={record.key}
            />,
          ]}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <Column
          cards={[
            ...(descriptor.sideCards?.(record) ?? []),
            <LinksCard
              key="links"
              type={record.type}
              recordKey={record.key}
              links={record.links ?? []}
            />,
            <HistoryCard
              key="history"
              type={record.type}
              recordKey={record.key}
            />,
          ]}
        />
      </Grid>
    </Grid>
  );
};

const RecordView = (props: { type: ItsmRecordType; recordKey: string }) => {
  const { type, recordKey } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const paths = useItsmPaths();
  const { value: record, loading, error, retry } = useRecord(type, recordKey);

  const page = (title: string, children: JSX.Element) => (
    <Page themeId="tool">
      <Header title={title} type={info.singular} typeLink={paths.list(type)} />
      <Content>{children}</Content>
    </Page>
  );

  if (!record) {
    if (loading || !error) {
      return page(recordKey, <Progress aria-label={`Loading ${recordKey}`} />);
    }
    if (statusOf(error) === 404) {
      return page(
        recordKey,
        <EmptyState
          missing="data"
          title={`No ${singularInText(info.singular)} ${recordKey}`}
          description="It does not exist, or you are not allowed to see it."
          action={
            <Link to={paths.list(type)}>
              Back to {singularInText(info.plural)}
            </Link>
          }
        />,
      );
    }
    return page(
      recordKey,
      <>
        <ResponseErrorPanel
          error={error}
          title={`Could not load ${recordKey}`}
        />
        <Button variant="outlined" onClick={retry}>
          Try again
        </Button>
      </>,
    );
  }

  const descriptor = recordTypeDescriptor(record.type);
  return (
    <Page themeId="tool">
      <Header
        title={`${record.key}: ${record.title}`}
        pageTitleOverride={`${record.key} ${record.title}`}
        type={info.singular}
        typeLink={paths.list(type)}
      />
      <Content>
        {loading && <LinearProgress aria-label={`Reloading ${record.key}`} />}
        {descriptor.banners?.(record)}
        <RecordActions record={record} />
        <RecordCards record={record} />
      </Content>
    </Page>
  );
};

/** One record, at `/itsm/:recordType/:key`. */
export const RecordDetailPage = () => {
  const { recordType, key } = useParams();
  if (!isItsmRecordType(recordType) || !key) {
    return <UnknownTypePage recordType={recordType} />;
  }
  return (
    <RecordRefreshProvider key={`${recordType}/${key}`}>
      <RecordView type={recordType} recordKey={key} />
    </RecordRefreshProvider>
  );
};
