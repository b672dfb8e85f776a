import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  ClickAwayListener,
  ListItemText,
  MenuItem,
  MenuList,
  Paper,
  Popper,
  TextField,
} from '@material-ui/core';
import {
  KeyboardEvent,
  ReactElement,
  Ref,
  useEffect,
  useRef,
  useState,
} from 'react';
import { entityNoun, useEntityRefOfName } from '../common/useEntityRefOfName';
import { useEntitySuggestions } from '../common/useEntitySuggestions';
import { splitList } from '../list/filters';

export interface EntityPickerProps {
  id: string;
  label: string;
  /** The form value: one ref, or (with `multiple`) refs one a line. */
  value: unknown;
  onChange: (value: string) => void;
  onBlur?: () => void;
  inputRef?: Ref<any>;
  /** The entity kind to pick (`Group`, `User`); any kind when not given. */
  kind?: string;
  /** Several entities, shown as chips. */
  multiple?: boolean;
  required?: boolean;
  disabled?: boolean;
  helperText?: string;
  error?: string;
  /** Rendered instead when the app has no catalog API (a plain input). */
  fallback: ReactElement;
}

/** The refs of a form value, whatever it holds (a list or refs one a line). */
export function refsOfValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  return splitList(String(value ?? ''));
}

const CatalogEntityPicker = (props: EntityPickerProps) => {
  const { id, label, value, onChange, onBlur, inputRef, kind, multiple } =
    props;
  const { required, disabled, helperText, error } = props;
  const refs = multiple ? refsOfValue(value) : [];
  const single = multiple ? '' : String(value ?? '');
  const [pending, setPending] = useState('');
  const text = multiple ? pending : single;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string>();
  const anchor = useRef<HTMLDivElement>(null);
  const resolve = useEntityRefOfName(kind);
  // The latest value, for lookups that answer after it changed.
  const latest = useRef(value);
  latest.current = value;
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const found = useEntitySuggestions(text, { kind, active: open });
  const options = found.suggestions.filter(s => !refs.includes(s.ref));
  const listId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const expanded = open && options.length > 0;

  const setRefs = (next: string[]) => {
    const joined = Array.from(new Set(next)).join('\n');
    latest.current = joined;
    onChange(joined);
  };

  const pick = (ref: string) => {
    setProblem(undefined);
    setActive(-1);
    if (multiple) {
      setPending('');
      setRefs([...refs, ref]);
    } else {
      onChange(ref);
      setOpen(false);
    }
  };

  /**
   * Takes what was typed: refs as they are, plain names once looked up
   * (kept as typed meanwhile, and when they name no single entity).
   */
  const commit = (inputs: string[]) => {
    const typed = inputs.map(s => s.trim()).filter(Boolean);
    if (typed.length === 0) return;
    if (multiple) {
      setPending('');
      setRefs([...refs, ...typed]);
    }
    const names = typed.filter(t => !t.includes(':'));
    if (names.length === 0) return;
    Promise.all(names.map(name => resolve(name))).then(results => {
      if (!mounted.current) return;
      const errors = results.flatMap(r => (r.error ? [r.error] : []));
      setProblem(errors.length > 0 ? errors.join('; ') : undefined);
      if (multiple) {
        const now = refsOfValue(latest.current);
        const next = now.map(r => {
          const i = names.indexOf(r);
          return i >= 0 && results[i].ref ? results[i].ref! : r;
        });
        if (next.some((r, i) => r !== now[i])) setRefs(next);
      } else if (
        results[0].ref &&
        String(latest.current ?? '').trim() === names[0]
      ) {
        onChange(results[0].ref);
      }
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(i => (i + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      if (expanded && active >= 0 && options[active]) {
        event.preventDefault();
        pick(options[active].ref);
      } else if (multiple ? text.trim() : text.trim() && !text.includes(':')) {
        // Takes (or looks up) what was typed instead of submitting the form.
        event.preventDefault();
        commit([text]);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (event.key === ',' && multiple) {
      event.preventDefault();
      commit([text]);
    } else if (event.key === 'Backspace' && multiple && !text) {
      if (refs.length > 0) setRefs(refs.slice(0, -1));
    }
  };

  const onTextChange = (next: string) => {
    setProblem(undefined);
    setActive(-1);
    setOpen(true);
    if (!multiple) {
      onChange(next);
      return;
    }
    // Pasted lists: every complete entry becomes a chip.
    const parts = next.split(/[,\n]/);
    if (parts.length > 1) {
      const rest = parts.pop() ?? '';
      commit(parts);
      setPending(rest);
    } else {
      setPending(next);
    }
  };

  const leave = () => {
    setOpen(false);
    setActive(-1);
    commit([text]);
    onBlur?.();
  };

  const shownError = problem ?? error ?? found.error;
  const chips =
    refs.length > 0 ? (
      <Box
        component="ul"
        aria-label={`${label} chosen`}
        display="flex"
        flexWrap="wrap"
        p={0}
        m={0}
        mt={1}
        style={{ listStyle: 'none', gap: 4 }}
      >
        {refs.map(ref => (
          <li key={ref}>
            <Chip
              size="small"
              label={ref}
              color={ref.includes(':') ? 'default' : 'secondary'}
              disabled={disabled}
              onDelete={
                disabled
                  ? undefined
                  : () => {
                      setProblem(undefined);
                      setRefs(refs.filter(r => r !== ref));
                    }
              }
            />
          </li>
        ))}
      </Box>
    ) : null;

  return (
    <ClickAwayListener onClickAway={() => setOpen(false)}>
      <div ref={anchor}>
        <TextField
          id={id}
          label={label}
          required={required}
          disabled={disabled}
          fullWidth
          variant="outlined"
          autoComplete="off"
          value={text}
          onChange={e => onTextChange(e.target.value)}
          onFocus={() => setOpen(true)}
          onBlur={leave}
          onKeyDown={onKeyDown}
          inputRef={inputRef}
          error={!!shownError}
          helperText={
            shownError ??
            `Type a name to search the catalog for ${entityNoun(kind, true)}${
              helperText ? `, or enter ${helperText}` : ''
            }`
          }
          inputProps={{
            role: 'combobox',
            'aria-autocomplete': 'list',
            'aria-expanded': expanded,
            'aria-controls': expanded ? listId : undefined,
            'aria-activedescendant':
              expanded && active >= 0 ? optionId(active) : undefined,
          }}
        />
        {chips}
        <Popper
          open={expanded}
          anchorEl={anchor.current}
          placement="bottom-start"
          disablePortal
          style={{ zIndex: 1300, width: anchor.current?.clientWidth }}
        >
          <Paper elevation={4}>
            <MenuList
              id={listId}
              role="listbox"
              aria-label={`${label} suggestions`}
              autoFocusItem={false}
              dense
              style={{ maxHeight: 320, overflowY: 'auto' }}
            >
              {options.map((option, i) => (
                <MenuItem
                  key={option.ref}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  selected={i === active}
                  tabIndex={-1}
                  // Keeps the focus in the input, so leaving it does not commit.
                  onMouseDown={e => e.preventDefault()}
                  onClick={() => pick(option.ref)}
                >
                  <ListItemText primary={option.label} secondary={option.ref} />
                </MenuItem>
              ))}
            </MenuList>
          </Paper>
        </Popper>
      </div>
    </ClickAwayListener>
  );
};

/**
 * A typeahead over the catalog (entities of one kind, or any): suggestions
 * as typing pauses, picked with the mouse or the arrow keys and Enter. A
 * plain name typed and not picked is looked up when the input is left (or
 * on Enter or a comma): taken when exactly one entity has it, else kept
 * as typed with a message saying why (the form's schema then refuses it).
 * The form value stays the ref (or refs, one a line). Without a catalog
 * API it is the `fallback` input.
 */
export const EntityPicker = (props: EntityPickerProps) => {
  const catalogApi = useApiHolder().get(catalogApiRef);
  if (!catalogApi) return props.fallback;
  return <CatalogEntityPicker {...props} />;
};
