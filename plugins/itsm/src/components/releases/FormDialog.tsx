import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { FormEvent, ReactNode, useState } from 'react';
import { messageOf } from '../common/errors';
import { ErrorBanner } from '../common/ErrorBanner';

/**
 * A dialog with a form: `submit` runs on the submit button; its error is
 * shown in the dialog (the server's message names the field), success
 * closes it.
 */
export const FormDialog = (props: {
  open: boolean;
  title: string;
  submitLabel: string;
  onClose(): void;
  submit(): Promise<void>;
  children: ReactNode;
}) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.submit();
      props.onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm">
      <form onSubmit={onSubmit} aria-label={props.title}>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogContent>
          {error && <ErrorBanner message={error} />}
          {props.children}
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            {props.submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** A required date and time input of a dialog (the browser's time zone). */
export const DateTimeField = (props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  helperText?: string;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    type="datetime-local"
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    InputLabelProps={{ shrink: true }}
    helperText={props.helperText}
    fullWidth
    required
    margin="normal"
  />
);
