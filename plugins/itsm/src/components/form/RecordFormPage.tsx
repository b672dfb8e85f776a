import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  isItsmRecordType,
  isTerminalState,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Button } from '@material-ui/core';
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { itsmApiRef } from '../../api';
import { useRecordRoles } from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf, statusOf } from '../common/errors';
import { singularInText } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { UnknownTypePage } from '../common/UnknownTypePage';
import { splitList } from '../list/filters';
import { emptyValues, valuesFromRecord } from './mapping';
import { RecordForm } from './RecordForm';
import { roleLockedFields } from './roleLocks';
import { useFocusOutline } from '../common/focusOutline';

/** Inputs a link to the new-record form may fill (`?title=...&incidentKey=INC-1`). */
const PREFILLED = ['title', 'description', 'incidentKey'] as const;

const CreatePage = (props: { type: ItsmRecordType }) => {
  const { type } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const paths = useItsmPaths();
  const [searchParams] = useSearchParams();
  const entityRefs = searchParams.getAll('entityRef').flatMap(splitList);
  const initial = useMemo(
    () => {
      const values = emptyValues(type, entityRefs);
      // A form opened from another record (a problem from its incident)
      // starts with what the link says.
      for (const name of PREFILLED) {
        const given = searchParams.get(name);
        if (given && name in values) values[name] = given;
      }
      return values;
    },
    // The URL is read once, when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [type],
  );
  return (
    <Page themeId="tool">
      <Header
        title={`New ${singularInText(info.singular)}`}
        subtitle={info.purpose}
        type={info.plural}
        typeLink={paths.list(type)}
      />
      <Content>
        <InfoCard>
          <RecordForm type={type} mode="create" initialValues={initial} />
        </InfoCard>
      </Content>
    </Page>
  );
};

const EditPage = (props: { type: ItsmRecordType; recordKey: string }) => {
  const { type, recordKey } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const api = useApi(itsmApiRef);
  const paths = useItsmPaths();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.getRecord(type, recordKey)) as ItsmRecord,
    [api, type, recordKey],
  );
  const roles = useRecordRoles(type, recordKey);

  let content;
  if (loading) content = <Progress aria-label={`Loading ${recordKey}`} />;
  else if (error) {
    content =
      statusOf(error) === 404 ? (
        <EmptyState
          missing="data"
          title={`No ${singularInText(info.singular)} ${recordKey}`}
          description="It does not exist, or you are not allowed to see it."
          action={
            <Link to={paths.list(type)}>
              Back to {singularInText(info.plural)}
            </Link>
          }
        />
      ) : (
        <>
          <ResponseErrorPanel
            error={error}
            title={`Could not load ${recordKey}`}
          />
          <Button variant="outlined" onClick={retry}>
            Try again
          </Button>
        </>
      );
  } else if (!value) content = null;
  else if (isTerminalState(type, value.state)) {
    content = (
      <EmptyState
        missing="info"
        title={`${value.key} has ended`}
        description={`It is ${value.state}; a finished record cannot be changed.`}
        action={
          <Link to={paths.detail(type, value.key)}>Back to {value.key}</Link>
        }
      />
    );
  } else {
    const locked = roleLockedFields(value, roles);
    content = (
      <InfoCard>
        {roles.error && Object.keys(locked).length > 0 && (
          <ErrorBanner
            title="Could not read your roles; the fields that need one are locked"
            message={messageOf(roles.error)}
            actions={
              <Button size="small" variant="outlined" onClick={roles.retry}>
                Retry
              </Button>
            }
          />
        )}
        <RecordForm
          key={value.key}
          type={type}
          mode="edit"
          record={value}
          initialValues={valuesFromRecord(type, value)}
          onReloadRecord={async () =>
            (await api.getRecord(type, recordKey)) as ItsmRecord
          }
          locked={locked}
        />
      </InfoCard>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title={`Edit ${recordKey}`}
        subtitle={value?.title}
        type={info.singular}
        typeLink={paths.detail(type, recordKey)}
      />
      <Content>{content}</Content>
    </Page>
  );
};

/** The create form (`/itsm/:recordType/new`) and the edit form (`/itsm/:recordType/:key/edit`). */
export const RecordFormPage = (props: { mode: 'create' | 'edit' }) => {
  useFocusOutline();
  const { recordType, key } = useParams();
  if (!isItsmRecordType(recordType)) {
    return <UnknownTypePage recordType={recordType} />;
  }
  if (props.mode === 'create') {
    return <CreatePage key={recordType} type={recordType} />;
  }
  return (
    <EditPage
      key={`${recordType}/${key}`}
      type={recordType}
      recordKey={key ?? ''}
    />
  );
};
