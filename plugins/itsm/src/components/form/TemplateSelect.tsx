import { MenuItem, TextField } from '@material-ui/core';
import { Ref } from 'react';
import { useStandardChangeTemplates } from '../changes/hooks';
import type { FormField } from './model';

/** How a template reads in the catalogue: its title and whether it needs approval. */
export function templateLabel(t: {
  title: string;
  skipApproval: boolean;
}): string {
  return `${t.title} (${
    t.skipApproval ? 'pre-approved: no approval' : 'needs approval'
  })`;
}

/**
 * The standard change catalogue as a select: each template by its title,
 * with whether its changes skip approval; the value sent is its id.
 */
export const TemplateSelect = (props: {
  id: string;
  field: FormField;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  inputRef?: Ref<any>;
  disabled?: boolean;
}) => {
  const { id, field, value, error, onChange, onBlur, inputRef, disabled } =
    props;
  const templates = useStandardChangeTemplates();
  let helperText = error ?? field.helperText;
  if (templates.loading) helperText = 'Loading the catalogue…';
  else if (templates.error)
    helperText = `Could not load the catalogue: ${templates.error.message}`;
  else if (templates.value?.length === 0)
    helperText =
      'No standard change templates are configured (itsm.changes.standardTemplates)';
  return (
    <TextField
      id={id}
      select
      label={field.label}
      required={field.required}
      disabled={disabled || templates.loading}
      fullWidth
      variant="outlined"
      value={templates.value?.some(t => t.id === value) ? value : ''}
      onChange={e => onChange(e.target.value)}
      onBlur={onBlur}
      inputRef={inputRef}
      error={!!error || !!templates.error}
      helperText={helperText}
    >
      {(templates.value ?? []).map(t => (
        <MenuItem key={t.id} value={t.id}>
          {templateLabel(t)}
        </MenuItem>
      ))}
    </TextField>
  );
};
