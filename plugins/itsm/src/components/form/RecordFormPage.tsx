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
  computePriority,
  CREATE_SCHEMAS,
  isItsmRecordType,
  isLevel,
  isTerminalState,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
  ItsmRecordType,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, CircularProgress, Typography } from '@material-ui/core';
import { FormEvent, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CreateRecordBody, itsmApiRef, UpdateRecordBody } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import {
  isConflict,
  messageOf,
  splitFieldMessages,
  statusOf,
} from '../common/errors';
import { formatValue, singularInText } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { UnknownTypePage } from '../common/UnknownTypePage';
import { splitList } from '../list/filters';
import {
  buildBody,
  changedTopLevelFields,
  differingFields,
  emptyValues,
  FieldValue,
  fieldForPath,
  FormField,
  formFields,
  FormValues,
  valuesFromRecord,
  visibleFields,
} from './formModel';
import { FormFieldGroups } from './FormFields';

type Issue = { path: ReadonlyArray<string | number>; message: string };

/** Puts each issue under its input; the rest go to the banner. */
function placeIssues(fields: FormField[], issues: Issue[]) {
  const errors: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const field = issue.path.length
      ? fieldForPath(fields, issue.path)
      : undefined;
    if (field) {
      errors[field.name] = errors[field.name]
        ? `${errors[field.name]}; ${issue.message}`
        : issue.message;
    } else {
      general.push(
        issue.path.length
          ? `${issue.path.join('.')}: ${issue.message}`
          : issue.message,
      );
    }
  }
  return { errors, general };
}

interface Conflict {
  message: string;
  reloaded?: {
    record: ItsmRecord;
    differing: Array<{ label: string; yours: string; current: string }>;
  };
}

function conflictMessage(conflict: Conflict): string {
  if (!conflict.reloaded) {
    return `${conflict.message}. Your input is kept; reload to see what changed.`;
  }
  const reloaded = `Reloaded version ${conflict.reloaded.record.version}.`;
  return conflict.reloaded.differing.length === 0
    ? `${reloaded} It already matches what you typed.`
    : `${reloaded} These fields differ from what you typed; saving again writes your values:`;
}

const PriorityHint = (props: { values: FormValues }) => {
  const { impact, urgency } = props.values;
  if (!isLevel(impact) || !isLevel(urgency)) return null;
  return (
    <Typography variant="body2" color="textSecondary" paragraph>
      Priority is derived by the server from impact and urgency; with the
      default matrix this incident is {computePriority(impact, urgency)}.
    </Typography>
  );
};

const RecordForm = (props: {
  type: ItsmRecordType;
  mode: 'create' | 'edit';
  record?: ItsmRecord;
  initialValues: FormValues;
  onReloadRecord?: () => Promise<ItsmRecord>;
}) => {
  const { type, mode, initialValues, onReloadRecord } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const api = useApi(itsmApiRef);
  const paths = useItsmPaths();
  const navigate = useNavigate();
  const fields = useMemo(() => formFields(type, mode), [type, mode]);
  const [record, setRecord] = useState(props.record);
  const [base, setBase] = useState(initialValues);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict>();
  const [busy, setBusy] = useState(false);
  const [nothingChanged, setNothingChanged] = useState(false);

  const shown = visibleFields(fields, values);
  const onChange = (name: string, value: FieldValue) => {
    setValues(v => ({ ...v, [name]: value }));
    setNothingChanged(false);
    if (errors[name]) setErrors(e => ({ ...e, [name]: '' }));
  };

  const showIssues = (issues: Issue[]) => {
    const placed = placeIssues(shown, issues);
    setErrors(placed.errors);
    setBanner(placed.general);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBanner([]);
    setNothingChanged(false);
    const full = buildBody(type, mode, values);
    let body: Record<string, unknown>;
    if (mode === 'create') {
      const parsed = CREATE_SCHEMAS[type].safeParse(full);
      if (!parsed.success) {
        showIssues(parsed.error.issues);
        return;
      }
      body = parsed.data as Record<string, unknown>;
    } else {
      const changed = changedTopLevelFields(shown, base, values);
      if (changed.length === 0) {
        setErrors({});
        setNothingChanged(true);
        return;
      }
      const patch: Record<string, unknown> = { version: record!.version };
      for (const name of changed) {
        patch[name] = name in full ? full[name] : null;
      }
      const parsed = UPDATE_SCHEMAS[type].safeParse(patch);
      if (!parsed.success) {
        showIssues(parsed.error.issues);
        return;
      }
      body = parsed.data as Record<string, unknown>;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved =
        mode === 'create'
          ? await api.createRecord(type, body as CreateRecordBody<typeof type>)
          : await api.updateRecord(
              type,
              record!.key,
              body as UpdateRecordBody<typeof type>,
            );
      navigate(paths.detail(type, saved.key));
    } catch (error) {
      setBusy(false);
      if (mode === 'edit' && isConflict(error)) {
        setConflict({ message: messageOf(error) });
        return;
      }
      const message = messageOf(error);
      if (statusOf(error) === 400) {
        const split = splitFieldMessages(message);
        const issues: Issue[] = split.fields.map(f => ({
          path: f.path.split('.'),
          message: f.message,
        }));
        const placed = placeIssues(shown, issues);
        setErrors(placed.errors);
        setBanner([...placed.general, ...split.general]);
      } else {
        setBanner([message]);
      }
    }
  };

  const reloadAndCompare = async () => {
    if (!onReloadRecord) return;
    try {
      const fresh = await onReloadRecord();
      const freshValues = valuesFromRecord(type, fresh);
      const differing = differingFields(shown, values, freshValues).map(f => ({
        label: f.label,
        yours: formatValue(values[f.name]),
        current: formatValue(freshValues[f.name]),
      }));
      setRecord(fresh);
      setBase(freshValues);
      setConflict(c => ({
        message: c?.message ?? '',
        reloaded: { record: fresh, differing },
      }));
    } catch (error) {
      setBanner([`Could not reload: ${messageOf(error)}`]);
    }
  };

  const cancelTo =
    mode === 'edit' && record
      ? paths.detail(type, record.key)
      : paths.list(type);

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={
        mode === 'create'
          ? `New ${singularInText(info.singular)}`
          : `Edit ${record?.key}`
      }
    >
      {conflict && record && (
        <ErrorBanner
          title={`Someone else changed ${record.key}`}
          message={conflictMessage(conflict)}
          actions={
            conflict.reloaded ? undefined : (
              <Button
                size="small"
                variant="outlined"
                onClick={reloadAndCompare}
              >
                Reload and compare
              </Button>
            )
          }
        >
          {conflict.reloaded && conflict.reloaded.differing.length > 0 && (
            <ul aria-label="Fields that differ">
              {conflict.reloaded.differing.map(d => (
                <li key={d.label}>
                  <Typography variant="body2">
                    <strong>{d.label}</strong>: yours “{d.yours}”, now “
                    {d.current}”
                  </Typography>
                </li>
              ))}
            </ul>
          )}
        </ErrorBanner>
      )}
      {banner.length > 0 && (
        <ErrorBanner
          title={
            mode === 'create'
              ? 'The record was not created'
              : 'The changes were not saved'
          }
          message={banner.join('; ')}
        />
      )}
      {type === 'incidents' && <PriorityHint values={values} />}
      <FormFieldGroups
        fields={shown}
        values={values}
        errors={errors}
        onChange={onChange}
      />
      {nothingChanged && (
        <Typography variant="body2" role="status" paragraph>
          Nothing changed; there is nothing to save.
        </Typography>
      )}
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {mode === 'create'
            ? `Create ${singularInText(info.singular)}`
            : 'Save changes'}
        </Button>
        <Button component={Link} to={cancelTo} disabled={busy}>
          Cancel
        </Button>
      </Box>
    </form>
  );
};

const CreatePage = (props: { type: ItsmRecordType }) => {
  const { type } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const paths = useItsmPaths();
  const [searchParams] = useSearchParams();
  const entityRefs = searchParams.getAll('entityRef').flatMap(splitList);
  const initial = useMemo(
    () => emptyValues(type, entityRefs),
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
    content = (
      <InfoCard>
        <RecordForm
          key={value.key}
          type={type}
          mode="edit"
          record={value}
          initialValues={valuesFromRecord(type, value)}
          onReloadRecord={async () =>
            (await api.getRecord(type, recordKey)) as ItsmRecord
          }
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
