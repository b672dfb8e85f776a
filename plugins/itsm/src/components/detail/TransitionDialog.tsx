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
import { useState } from 'react';
import type { TransitionBody } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { isConflict, messageOf } from '../common/errors';
import { humanize } from '../common/format';
import {
  buildTransitionBody,
  initialTransitionValues,
  transitionInputs,
} from './transitionForm';

/**
 * Asks for what a transition needs (reason, required fields) and posts it
 * with the record's version. A refusal shows the server's message; a 409
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
  const inputs = transitionInputs(type, transition);
  const [values, setValues] = useState(() =>
    initialTransitionValues(record, inputs),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const [busy, setBusy] = useState(false);
  const titleId = `transition-${transition.action}-title`;

  const submit = async () => {
    setFailure(undefined);
    const result = buildTransitionBody(record, transition, inputs, values);
    if (!result.ok) {
      setErrors(result.errors);
      if (result.general)
        setFailure({ message: result.general, conflict: false });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(result.body);
    } catch (error) {
      setFailure({ message: messageOf(error), conflict: isConflict(error) });
      setBusy(false);
    }
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
          <TextField
            key={input.name}
            id={`transition-${input.name}`}
            label={input.label}
            required={input.required}
            select={input.kind === 'select'}
            multiline={input.kind === 'multiline'}
            minRows={input.kind === 'multiline' ? 3 : undefined}
            fullWidth
            margin="normal"
            variant="outlined"
            value={values[input.name] ?? ''}
            onChange={e =>
              setValues(v => ({ ...v, [input.name]: e.target.value }))
            }
            error={!!errors[input.name]}
            helperText={errors[input.name] ?? input.helperText}
          >
            {input.options?.map(option => (
              <MenuItem key={option} value={option}>
                {humanize(option)}
              </MenuItem>
            ))}
          </TextField>
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
