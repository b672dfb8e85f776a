import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { FormEvent, ReactNode, useState } from 'react';
import { messageOf } from './errors';
import { ErrorBanner } from './ErrorBanner';

let dialogs = 0;

/**
 * A dialog with a form: `submit` runs on the submit button; its error is
 * shown in the dialog (the server's message names the field; a check of
 * the dialog's own throws its message), success closes it. It cannot be
 * closed while the submit runs.
 */
export const FormDialog = (props: {
  open: boolean;
  title: string;
  submitLabel: string;
  onClose(): void;
  submit(): Promise<void>;
  children: ReactNode;
  maxWidth?: 'xs' | 'sm';
}) => {
  const [busy, setBusy] = useState(false);
  // The dialog is named by its title (React 16 and 17 have no useId).
  const [titleId] = useState(() => `form-dialog-title-${++dialogs}`);
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
    <Dialog
      open={props.open}
      onClose={busy ? undefined : props.onClose}
      fullWidth
      maxWidth={props.maxWidth ?? 'sm'}
      aria-labelledby={titleId}
    >
      <form onSubmit={onSubmit} aria-label={props.title}>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
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
