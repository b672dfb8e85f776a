import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  Grid,
  IconButton,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { CHANGE_TASK_KINDS } from '@backstage-itsm/plugin-itsm-common';
import { Ref } from 'react';
import { Control, Controller } from 'react-hook-form';
import { humanize } from '../common/format';
import { EntityPicker } from './EntityPicker';
import { TemplateSelect } from './TemplateSelect';
import {
  FieldValue,
  FormField,
  FormGroup,
  FormValues,
  TaskValue,
} from './model';

const fieldId = (name: string) => `itsm-field-${name.replace(/\./g, '-')}`;

const TasksEditor = (props: {
  field: FormField;
  tasks: TaskValue[];
  error?: string;
  onChange: (tasks: TaskValue[]) => void;
}) => {
  const { field, tasks, error, onChange } = props;
  const update = (index: number, patch: Partial<TaskValue>) =>
    onChange(tasks.map((t, i) => (i === index ? { ...t, ...patch } : t)));
  return (
    <Box component="fieldset" border={0} p={0} m={0}>
      <Typography component="legend" variant="subtitle2">
        {field.label}
      </Typography>
      {tasks.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No tasks.
        </Typography>
      )}
      {tasks.map((task, i) => (
        <Grid container spacing={1} alignItems="center" key={i}>
          <Grid item xs={12} sm={3}>
            <TextField
              id={`${fieldId(field.name)}-${i}-kind`}
              select
              label={`Task ${i + 1} kind`}
              fullWidth
              margin="dense"
              value={task.kind}
              onChange={e => update(i, { kind: e.target.value })}
            >
              {CHANGE_TASK_KINDS.map(kind => (
                <MenuItem key={kind} value={kind}>
                  {humanize(kind)}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              id={`${fieldId(field.name)}-${i}-title`}
              label={`Task ${i + 1} title`}
              fullWidth
              margin="dense"
              value={task.title}
              onChange={e => update(i, { title: e.target.value })}
            />
          </Grid>
          <Grid item xs={8} sm={2}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={task.done}
                  onChange={e => update(i, { done: e.target.checked })}
                />
              }
              label="Done"
            />
          </Grid>
          <Grid item xs={4} sm={1}>
            <IconButton
              aria-label={`Remove task ${i + 1}`}
              onClick={() => onChange(tasks.filter((_, j) => j !== i))}
            >
              <DeleteIcon />
            </IconButton>
          </Grid>
        </Grid>
      ))}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() =>
          onChange([...tasks, { kind: 'other', title: '', done: false }])
        }
      >
        Add task
      </Button>
      {error && <FormHelperText error>{error}</FormHelperText>}
    </Box>
  );
};

/** One input of a record form, with its label and its error under it. */
export const FormFieldInput = (props: {
  field: FormField;
  value: FieldValue;
  error?: string;
  onChange: (value: FieldValue) => void;
  onBlur?: () => void;
  /** Where the form puts the focus on the first invalid input. */
  inputRef?: Ref<any>;
  /** Shown but not editable (the caller may not change it). */
  disabled?: boolean;
}) => {
  const { field, value, error, onChange, onBlur, inputRef, disabled } = props;
  const id = fieldId(field.name);
  switch (field.kind) {
    case 'checkbox':
      return (
        <Box>
          <FormControlLabel
            control={
              <Checkbox
                id={id}
                checked={value === true}
                disabled={disabled}
                onChange={e => onChange(e.target.checked)}
                onBlur={onBlur}
                inputRef={inputRef}
                inputProps={
                  error || field.helperText
                    ? { 'aria-describedby': `${id}-helper-text` }
                    : undefined
                }
              />
            }
            label={field.label}
          />
          {(error || field.helperText) && (
            <FormHelperText id={`${id}-helper-text`} error={!!error}>
              {error ?? field.helperText}
            </FormHelperText>
          )}
        </Box>
      );
    case 'tasks':
      return (
        <TasksEditor
          field={field}
          tasks={value as TaskValue[]}
          error={error}
          onChange={onChange}
        />
      );
    case 'template':
      return (
        <TemplateSelect
          id={id}
          field={field}
          value={String(value ?? '')}
          error={error}
          onChange={onChange}
          onBlur={onBlur}
          inputRef={inputRef}
          disabled={disabled}
        />
      );
    case 'select':
      return (
        <TextField
          id={id}
          select
          label={field.label}
          required={field.required}
          disabled={disabled}
          fullWidth
          variant="outlined"
          value={value}
          onChange={e => onChange(e.target.value)}
          onBlur={onBlur}
          inputRef={inputRef}
          error={!!error}
          helperText={error ?? field.helperText}
        >
          {!field.required && (
            <MenuItem value="">
              <em>Not set</em>
            </MenuItem>
          )}
          {field.options?.map(option => (
            <MenuItem key={option} value={option}>
              {humanize(option)}
            </MenuItem>
          ))}
        </TextField>
      );
    default: {
      const multiline = ['multiline', 'refs', 'lines'].includes(field.kind);
      const rows = field.kind === 'multiline' ? 4 : 2;
      let type: string | undefined;
      if (field.kind === 'datetime') type = 'datetime-local';
      if (field.kind === 'number') type = 'number';
      const plain = (
        <TextField
          id={id}
          label={field.label}
          required={field.required}
          disabled={disabled}
          fullWidth
          variant="outlined"
          type={type}
          multiline={multiline}
          minRows={multiline ? rows : undefined}
          InputLabelProps={
            field.kind === 'datetime' ? { shrink: true } : undefined
          }
          value={value}
          onChange={e => onChange(e.target.value)}
          onBlur={onBlur}
          inputRef={inputRef}
          error={!!error}
          helperText={error ?? field.helperText}
        />
      );
      if (field.kind !== 'refs' && !field.entityKind) return plain;
      return (
        <EntityPicker
          id={id}
          label={field.label}
          kind={field.entityKind}
          multiple={field.kind === 'refs'}
          required={field.required}
          disabled={disabled}
          value={value}
          onChange={onChange}
          onBlur={onBlur}
          inputRef={inputRef}
          error={error}
          helperText={field.helperText}
          fallback={plain}
        />
      );
    }
  }
};

/**
 * The inputs of a form, grouped under headings, bound to react-hook-form.
 * A locked input is shown disabled, its note (who may change it) in place
 * of its helper text.
 */
export const FormFieldGroups = (props: {
  groups: FormGroup[];
  control: Control<FormValues>;
  /** Called when the user changes an input. */
  onEdited: (name: string) => void;
  /** Inputs the caller may not change, by name, each with a note saying why. */
  locked?: Record<string, string>;
}) => {
  const { groups, control, onEdited, locked = {} } = props;
  return (
    <>
      {groups.map(group => (
        <Box
          component="section"
          key={group.title}
          mb={3}
          aria-label={group.title}
        >
          <Typography variant="h6" component="h2" gutterBottom>
            {group.title}
          </Typography>
          <Grid container spacing={2}>
            {group.fields.map(field => {
              const wide =
                ['multiline', 'refs', 'lines', 'tasks'].includes(field.kind) ||
                field.name === 'title';
              let md = 6;
              if (wide) md = 12;
              else if (field.kind === 'number') md = 3;
              return (
                <Grid
                  item
                  xs={12}
                  sm={wide ? 12 : 6}
                  md={md as 3 | 6 | 12}
                  key={field.name}
                >
                  <Controller
                    name={field.name}
                    control={control}
                    render={({ field: input, fieldState }) => (
                      <FormFieldInput
                        field={
                          locked[field.name] === undefined
                            ? field
                            : { ...field, helperText: locked[field.name] }
                        }
                        disabled={locked[field.name] !== undefined}
                        value={input.value as FieldValue}
                        error={fieldState.error?.message}
                        onChange={value => {
                          input.onChange(value);
                          onEdited(field.name);
                        }}
                        onBlur={input.onBlur}
                        inputRef={input.ref}
                      />
                    )}
                  />
                </Grid>
              );
            })}
          </Grid>
        </Box>
      ))}
    </>
  );
};
