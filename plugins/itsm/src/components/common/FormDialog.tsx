import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { FormEvent, ReactNode, useState } from 'react';
import { isConflict, messageOf } from './errors';
import { ErrorBanner } from './ErrorBanner';

let dialogs = 0;

/**
 * A dialog with a form: `submit` runs on the submit button; its error is
 * shown in the dialog (the server's message names the field; a check of
 * the dialog's own throws its message, or answers `false` when it put its
 * messages under the inputs), success closes it. With `onReload`, a 409
 * (someone changed the record first) offers to reload it. It cannot be
 * closed while the submit runs.
 */
export const FormDialog = (props: {
  open: boolean;
  title: string;
  submitLabel: string;
  onClose(): void;
  submit(): Promise<void | false>;
  children: ReactNode;
  maxWidth?: 'xs' | 'sm';
  /** The banner's title when the submit fails ("The decision was not recorded"). */
  failureTitle?: string;
  /** Offered as "Reload" when the submit fails with a conflict (409). */
  onReload?(): void;
  cancelLabel?: string;
  /** The dialog checks its inputs itself (its messages, not the browser's). */
  checksInputs?: boolean;
}) => {
  const [busy, setBusy] = useState(false);
  // The dialog is named by its title (React 16 and 17 have no useId).
  const [titleId] = useState(() => `form-dialog-title-${++dialogs}`);
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      if ((await props.submit()) !== false) props.onClose();
    } catch (e) {
      setFailure({ message: messageOf(e), conflict: isConflict(e) });
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
      <form
        onSubmit={onSubmit}
        aria-label={props.title}
        noValidate={props.checksInputs}
      >
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>
          {failure && (
            <ErrorBanner
              title={props.failureTitle}
              message={failure.message}
              actions={
                failure.conflict && props.onReload ? (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={props.onReload}
                  >
                    Reload
                  </Button>
                ) : undefined
              }
            />
          )}
          {props.children}
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            {props.cancelLabel ?? 'Cancel'}
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
            startIcon={busy ? <CircularProgress size={16} /> : undefined}
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
