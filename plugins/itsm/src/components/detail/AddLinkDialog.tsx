import { ItsmRecordType, linkSchema } from '@backstage-itsm/plugin-itsm-common';
import { TextField } from '@material-ui/core';
import { useState } from 'react';
import { FormDialog } from '../common/FormDialog';
import { describeLinkTargets } from './linkable';

/** Asks for the key of the record to link to. */
export const AddLinkDialog = (props: {
  recordKey: string;
  type: ItsmRecordType;
  onAdd: (target: string) => Promise<void>;
  onClose: () => void;
}) => {
  const [target, setTarget] = useState('');

  const submit = async () => {
    const parsed = linkSchema.safeParse({
      target: target.trim().toLocaleUpperCase('en-US'),
    });
    if (!parsed.success) {
      throw new Error('Enter the key of a record, e.g. PRB-3');
    }
    await props.onAdd(parsed.data.target);
  };

  return (
    <FormDialog
      open
      title={`Link ${props.recordKey} to another record`}
      submitLabel="Add link"
      onClose={props.onClose}
      submit={submit}
      maxWidth="xs"
    >
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
    </FormDialog>
  );
};
