import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  computePriority,
  isLevel,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, CircularProgress, Typography } from '@material-ui/core';
import { FormEvent, useMemo, useState } from 'react';
import { Control, useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
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
import { useRevealErrors } from '../common/revealErrors';
import { FormFieldGroups } from './FormFields';
import {
  differingFields,
  fieldValue,
  valuesFromRecord,
  visibleFields,
} from './mapping';
import { FormMode, FormValues } from './model';
import {
  placeIssues,
  RecordBody,
  RecordFormContext,
  recordResolver,
} from './resolver';
import { formFields, formGroups } from './types';

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

const PriorityHint = (props: { control: Control<FormValues> }) => {
  const [impact, urgency] = useWatch({
    control: props.control,
    name: ['impact', 'urgency'],
  });
  if (!isLevel(impact) || !isLevel(urgency)) return null;
  return (
    <Typography variant="body2" color="textSecondary" paragraph>
      Priority is derived by the server from impact and urgency; with the
      default matrix this incident is {computePriority(impact, urgency)}.
    </Typography>
  );
};

/**
 * The create or edit form of a record: react-hook-form holds the values,
 * the shared zod schemas check the body (see `resolver.ts`), and each
 * message shows under its input. An edit sends only the changed fields
 * with the version; a 409 keeps the input and offers to compare.
 */
export const RecordForm = (props: {
  type: ItsmRecordType;
  mode: FormMode;
  record?: ItsmRecord;
  initialValues: FormValues;
  onReloadRecord?: () => Promise<ItsmRecord>;
  /** Inputs the caller may not change, by name, each with who may. */
  locked?: Record<string, string>;
}) => {
  const { type, mode, initialValues, onReloadRecord } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const api = useApi(itsmApiRef);
  const paths = useItsmPaths();
  const navigate = useNavigate();
  const fields = useMemo(() => formFields(type, mode), [type, mode]);
  const resolver = useMemo(() => recordResolver(type, mode), [type, mode]);
  const [record, setRecord] = useState(props.record);
  const [base, setBase] = useState(initialValues);
  const [banner, setBanner] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict>();
  const [nothingChanged, setNothingChanged] = useState(false);

  const form = useForm<FormValues, RecordFormContext, RecordBody>({
    defaultValues: initialValues,
    resolver,
    context: { base, version: record?.version ?? 0 },
    // As before: a message stays until its input changes or the next submit.
    reValidateMode: 'onSubmit',
  });
  const { control, clearErrors, getValues, handleSubmit, setError } = form;
  const { ref: formRef, reveal } = useRevealErrors<HTMLFormElement>();
  const busy = form.formState.isSubmitting;
  const values = useWatch({ control }) as FormValues;
  const shown = visibleFields(fields, values);
  const groups = formGroups(type, mode)
    .map(group => ({
      ...group,
      fields: group.fields.filter(f => shown.includes(f)),
    }))
    .filter(group => group.fields.length > 0);

  const onEdited = (name: string) => {
    setNothingChanged(false);
    clearErrors(name);
  };

  const save = async (body: RecordBody) => {
    if (mode === 'edit' && Object.keys(body).every(k => k === 'version')) {
      setNothingChanged(true);
      return;
    }
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
      if (mode === 'edit' && isConflict(error)) {
        setConflict({ message: messageOf(error) });
        return;
      }
      const message = messageOf(error);
      if (statusOf(error) !== 400) {
        setBanner([message]);
        reveal();
        return;
      }
      const split = splitFieldMessages(message);
      const placed = placeIssues(
        visibleFields(fields, getValues()),
        split.fields.map(f => ({
          path: f.path.split('.'),
          message: f.message,
        })),
      );
      for (const [name, text] of Object.entries(placed.errors)) {
        setError(name, { type: 'server', message: text });
      }
      setBanner([...placed.general, ...split.general]);
      reveal();
    }
  };

  const submit = (event: FormEvent) => {
    setBanner([]);
    setNothingChanged(false);
    return handleSubmit(save, errors => {
      setBanner(errors.root?.message ? [errors.root.message] : []);
      reveal();
    })(event);
  };

  const reloadAndCompare = async () => {
    if (!onReloadRecord) return;
    try {
      const fresh = await onReloadRecord();
      const freshValues = valuesFromRecord(type, fresh);
      const yours = getValues();
      const differing = differingFields(
        visibleFields(fields, yours),
        yours,
        freshValues,
      ).map(f => ({
        label: f.label,
        yours: formatValue(fieldValue(yours, f)),
        current: formatValue(fieldValue(freshValues, f)),
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
      ref={formRef}
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
      {type === 'incidents' && <PriorityHint control={control} />}
      <FormFieldGroups
        groups={groups}
        control={control}
        onEdited={onEdited}
        locked={props.locked}
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
