import { ItsmRecordType, linkSchema } from '@backstage-itsm/plugin-itsm-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { FormEvent, useState } from 'react';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { describeLinkTargets } from './linkable';

/** Asks for the key of the record to link to. */
export const AddLinkDialog = (props: {
  recordKey: string;
  type: ItsmRecordType;
  onAdd: (target: string) => Promise<void>;
  onClose: () => void;
}) => {
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = linkSchema.safeParse({
      target: target.trim().toLocaleUpperCase('en-US'),
    });
    if (!parsed.success) {
      setError('Enter the key of a record, e.g. PRB-3');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.onAdd(parsed.data.target);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      aria-labelledby="add-link-title"
      fullWidth
      maxWidth="xs"
    >
      <form onSubmit={submit}>
        <DialogTitle id="add-link-title">
          Link {props.recordKey} to another record
        </DialogTitle>
        <DialogContent>
          {error && <ErrorBanner message={error} />}
          <TextField
            id="link-target"
            label="Record key"
            placeholder="PRB-3"
            required
            fullWidth
            variant="outlined"
            value={target}
            onChange={e => setTarget(e.target.value)}
            helperText={`Links to ${describeLinkTargets(props.type)}`}
          />
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
            Add link
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
