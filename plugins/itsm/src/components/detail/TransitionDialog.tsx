import {
  ItsmRecord,
  ItsmRecordType,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { TransitionBody } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { isConflict, messageOf } from '../common/errors';
import { humanize } from '../common/format';
import { EntityPicker } from '../form/EntityPicker';
import {
  initialTransitionValues,
  transitionInputs,
  transitionResolver,
  TransitionValues,
} from './transitionForm';

/**
 * Asks for what a transition needs (reason, required fields) and offers the
 * optional fields it declares, then posts it with the record's version. A refusal shows the server's message; a 409
 * offers to reload the record.
 */
export const TransitionDialog = (props: {
  type: ItsmRecordType;
  record: ItsmRecord;
  transition: TransitionDef;
  onSubmit: (body: TransitionBody) => Promise<void>;
  onClose: () => void;
  onReload: () => void;
}) => {
  const { type, record, transition, onSubmit, onClose, onReload } = props;
  const inputs = useMemo(
    () => transitionInputs(type, transition, record),
    [type, transition, record],
  );
  const resolver = useMemo(
    () => transitionResolver(record, transition, inputs),
    [record, transition, inputs],
  );
  const { control, handleSubmit, formState } = useForm<
    TransitionValues,
    unknown,
    TransitionBody
  >({
    defaultValues: initialTransitionValues(record, inputs),
    resolver,
    reValidateMode: 'onSubmit',
  });
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const busy = formState.isSubmitting;
  const titleId = `transition-${transition.action}-title`;

  const send = async (body: TransitionBody) => {
    try {
      await onSubmit(body);
    } catch (error) {
      setFailure({ message: messageOf(error), conflict: isConflict(error) });
    }
  };

  const submit = () => {
    setFailure(undefined);
    return handleSubmit(send, errors => {
      if (errors.root?.message) {
        setFailure({ message: errors.root.message, conflict: false });
      }
    })();
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        {transition.label}: {record.key}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          Moves {record.key} from {humanize(transition.from)} to{' '}
          {humanize(transition.to)}.
        </Typography>
        {failure && (
          <ErrorBanner
            title={
              failure.conflict
                ? 'The server refused this step'
                : 'Could not save'
            }
            message={failure.message}
            actions={
              failure.conflict ? (
                <Button size="small" variant="outlined" onClick={onReload}>
                  Reload
                </Button>
              ) : undefined
            }
          />
        )}
        {inputs.map(input => (
          <Controller
            key={input.name}
            name={input.name}
            control={control}
            render={({ field, fieldState }) => {
              const plain = (
                <TextField
                  id={`transition-${input.name}`}
                  label={input.label}
                  required={input.required}
                  select={input.kind === 'select'}
                  type={
                    input.kind === 'datetime' ? 'datetime-local' : undefined
                  }
                  InputLabelProps={
                    input.kind === 'datetime' ? { shrink: true } : undefined
                  }
                  multiline={input.kind === 'multiline'}
                  minRows={input.kind === 'multiline' ? 3 : undefined}
                  fullWidth
                  margin="normal"
                  variant="outlined"
                  value={field.value ?? ''}
                  onChange={e => field.onChange(e.target.value)}
                  onBlur={field.onBlur}
                  inputRef={field.ref}
                  error={!!fieldState.error}
                  helperText={fieldState.error?.message ?? input.helperText}
                >
                  {input.options?.map(option => (
                    <MenuItem key={option} value={option}>
                      {humanize(option)}
                    </MenuItem>
                  ))}
                </TextField>
              );
              return input.entityKind ? (
                <EntityPicker
                  id={`transition-${input.name}`}
                  label={input.label}
                  kind={input.entityKind}
                  required={input.required}
                  value={field.value ?? ''}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  inputRef={field.ref}
                  error={fieldState.error?.message}
                  helperText={input.helperText}
                  fallback={plain}
                />
              ) : (
                plain
              );
            }}
          />
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Go back
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {transition.label} {record.key}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
