import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  entityRefSchema,
  ItsmRecordType,
  Priority,
  PRIORITIES,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  Checkbox,
  FormControl,
  Grid,
  InputLabel,
  ListItemText,
  MenuItem,
  OutlinedInput,
  Paper,
  Select,
  TextField,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { FormEvent, useEffect, useState } from 'react';
import { recordTypeDescriptor } from '../../records/registry';
import { humanize } from '../common/format';
import { EMPTY_FILTERS, ListFilters, splitList } from './filters';

const useStyles = makeStyles(theme => ({
  form: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
}));

interface MultiSelectProps<T extends string> {
  id: string;
  label: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
  format?: (value: T) => string;
}

function MultiSelect<T extends string>(props: MultiSelectProps<T>) {
  const { id, label, options, value, onChange, format = humanize } = props;
  const labelId = `${id}-label`;
  return (
    <FormControl variant="outlined" size="small" fullWidth>
      {/* Always shrunk: the select shows "Any" when nothing is chosen. */}
      <InputLabel id={labelId} shrink>
        {label}
      </InputLabel>
      <Select
        id={id}
        labelId={labelId}
        input={<OutlinedInput notched label={label} />}
        multiple
        value={value}
        onChange={e => onChange(e.target.value as T[])}
        renderValue={selected =>
          (selected as T[]).length === 0
            ? 'Any'
            : (selected as T[]).map(format).join(', ')
        }
        displayEmpty
      >
        {options.map(option => (
          <MenuItem key={option} value={option}>
            <Checkbox
              checked={value.includes(option)}
              size="small"
              inputProps={{ 'aria-hidden': true }}
              tabIndex={-1}
            />
            <ListItemText primary={format(option)} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function normaliseRefs(
  text: string,
  defaultKind?: string,
): { refs: string[]; error?: string } {
  const refs: string[] = [];
  for (const part of splitList(text)) {
    if (defaultKind) {
      try {
        refs.push(
          stringifyEntityRef(
            parseEntityRef(part, { defaultKind }),
          ).toLocaleLowerCase('en-US'),
        );
      } catch {
        return { refs, error: `"${part}" is not an entity ref` };
      }
    } else {
      const parsed = entityRefSchema.safeParse(part);
      if (!parsed.success)
        return { refs, error: parsed.error.issues[0].message };
      refs.push(parsed.data);
    }
  }
  return { refs };
}

/**
 * The filters of a record list. Selections apply at once; the text filters
 * apply with "Apply" (or Enter). The page keeps the filters in the URL.
 */
export const RecordFilters = (props: {
  type: ItsmRecordType;
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
}) => {
  const { type, filters, onChange } = props;
  const classes = useStyles();
  const byPriority = !!recordTypeDescriptor(type).priorityFilter;
  const [entityText, setEntityText] = useState(filters.entityRef.join(', '));
  const [groupText, setGroupText] = useState(filters.assignedGroup.join(', '));
  const [q, setQ] = useState(filters.q);
  const [errors, setErrors] = useState<{
    entityRef?: string;
    assignedGroup?: string;
  }>({});

  // Back and forward change the URL: show what it says.
  const entityKey = filters.entityRef.join(', ');
  const groupKey = filters.assignedGroup.join(', ');
  useEffect(() => setEntityText(entityKey), [entityKey]);
  useEffect(() => setGroupText(groupKey), [groupKey]);
  useEffect(() => setQ(filters.q), [filters.q]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const entities = normaliseRefs(entityText);
    const groups = normaliseRefs(groupText, 'group');
    setErrors({ entityRef: entities.error, assignedGroup: groups.error });
    if (entities.error || groups.error) return;
    onChange({
      ...filters,
      entityRef: entities.refs,
      assignedGroup: groups.refs,
      q: q.trim(),
    });
  };

  return (
    // On a paper background: the theme's grey labels and help texts are too
    // faint on the page's grey (4.47:1).
    <Paper
      component="form"
      onSubmit={apply}
      className={classes.form}
      aria-label="Filters"
      role="search"
    >
      <Grid container spacing={2} alignItems="flex-start">
        <Grid item xs={12} sm={6} md={byPriority ? 2 : 3}>
          <MultiSelect
            id={`${type}-state-filter`}
            label="State"
            options={STATE_MACHINES[type].states}
            value={filters.state}
            onChange={state => onChange({ ...filters, state })}
          />
        </Grid>
        {byPriority && (
          <Grid item xs={12} sm={6} md={2}>
            <MultiSelect<Priority>
              id={`${type}-priority-filter`}
              label="Priority"
              options={PRIORITIES}
              value={filters.priority}
              format={p => p}
              onChange={priority => onChange({ ...filters, priority })}
            />
          </Grid>
        )}
        <Grid item xs={12} sm={6} md={3}>
          <TextField
            id={`${type}-entity-filter`}
            label="Catalog entity"
            placeholder="component:default/payments-api"
            variant="outlined"
            size="small"
            fullWidth
            value={entityText}
            onChange={e => setEntityText(e.target.value)}
            error={!!errors.entityRef}
            helperText={errors.entityRef ?? 'Entity refs, comma separated'}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={2}>
          <TextField
            id={`${type}-group-filter`}
            label="Assigned group"
            placeholder="group:default/payments-team"
            variant="outlined"
            size="small"
            fullWidth
            value={groupText}
            onChange={e => setGroupText(e.target.value)}
            error={!!errors.assignedGroup}
            helperText={errors.assignedGroup}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={byPriority ? 2 : 3}>
          <TextField
            id={`${type}-text-filter`}
            label="Text"
            type="search"
            variant="outlined"
            size="small"
            fullWidth
            value={q}
            onChange={e => setQ(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={1}>
          <Box display="flex" style={{ gap: 8 }}>
            <Button type="submit" variant="outlined" color="primary">
              Apply
            </Button>
          </Box>
        </Grid>
      </Grid>
      <Box mt={1}>
        <Button
          size="small"
          onClick={() => {
            setErrors({});
            onChange(EMPTY_FILTERS);
          }}
        >
          Clear filters
        </Button>
      </Box>
    </Paper>
  );
};
