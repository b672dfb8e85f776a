import { InfoCard, Link } from '@backstage/core-components';
import {
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordLink,
  ItsmRecordType,
  linkSchema,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  TextField,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { FormEvent, useState } from 'react';
import type { ItsmApi } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { humanize } from '../common/format';
import { useItsmPaths } from '../common/paths';

/** Which record types each type links to (as the server allows). */
const LINKABLE: Record<ItsmRecordType, ItsmRecordType[]> = {
  incidents: ['problems', 'changes'],
  problems: ['incidents', 'changes'],
  changes: ['incidents', 'problems', 'releases'],
  releases: ['changes'],
  slas: [],
};

function describeTargets(type: ItsmRecordType): string {
  return LINKABLE[type]
    .map(
      t =>
        `${ITSM_RECORD_TYPE_INFO[t].plural.toLocaleLowerCase('en-US')} (${
          ITSM_RECORD_TYPE_INFO[t].keyPrefix
        }-n)`,
    )
    .join(', ');
}

const AddLinkDialog = (props: {
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
            helperText={`Links to ${describeTargets(props.type)}`}
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

/** The records linked to a record, with adding and removing links. */
export const LinksCard = (props: {
  api: ItsmApi;
  type: ItsmRecordType;
  recordKey: string;
  links: ItsmRecordLink[];
  onChanged: () => void;
}) => {
  const { api, type, recordKey, links, onChanged } = props;
  const paths = useItsmPaths();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string>();
  const canLink = LINKABLE[type].length > 0;

  const remove = async (targetKey: string) => {
    setError(undefined);
    try {
      await api.removeLink(type, recordKey, targetKey);
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <InfoCard
      title="Linked records"
      action={
        canLink ? (
          <Button size="small" color="primary" onClick={() => setAdding(true)}>
            Add link
          </Button>
        ) : undefined
      }
    >
      {error && <ErrorBanner message={error} />}
      {links.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {canLink
            ? `No linked records. ${
                ITSM_RECORD_TYPE_INFO[type].plural
              } link to ${describeTargets(type)}.`
            : `${ITSM_RECORD_TYPE_INFO[type].plural} are not linked to other records.`}
        </Typography>
      ) : (
        <List dense aria-label="Linked records">
          {links.map(link => (
            <ListItem key={link.key}>
              <ListItemText
                primary={
                  <>
                    <Link to={paths.detail(link.type, link.key)}>
                      {link.key}
                    </Link>{' '}
                    {link.title}
                  </>
                }
                secondary={`${
                  ITSM_RECORD_TYPE_INFO[link.type]?.singular ?? link.type
                } · ${humanize(link.state)}`}
              />
              <ListItemSecondaryAction>
                <IconButton
                  edge="end"
                  size="small"
                  aria-label={`Remove link to ${link.key}`}
                  onClick={() => remove(link.key)}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </ListItemSecondaryAction>
            </ListItem>
          ))}
        </List>
      )}
      {adding && (
        <AddLinkDialog
          recordKey={recordKey}
          type={type}
          onClose={() => setAdding(false)}
          onAdd={async target => {
            await api.addLink(type, recordKey, { target });
            setAdding(false);
            onChanged();
          }}
        />
      )}
    </InfoCard>
  );
};
