import { InfoCard } from '@backstage/core-components';
import {
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordLink,
  ItsmRecordType,
  linkableTypes,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Button,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { useState } from 'react';
import { useRecordActions } from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { humanize } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { AddLinkDialog } from './AddLinkDialog';
import { describeLinkTargets } from './linkable';
import { CARD_TITLE } from '../common/cardTitle';

/** The records linked to a record, with adding and removing links. */
export const LinksCard = (props: {
  type: ItsmRecordType;
  recordKey: string;
  links: ItsmRecordLink[];
}) => {
  const { type, recordKey, links } = props;
  const { addLink, removeLink } = useRecordActions(type, recordKey);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string>();
  const canLink = linkableTypes(type).length > 0;

  const remove = async (targetKey: string) => {
    setError(undefined);
    try {
      await removeLink(targetKey);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE}
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
              } link to ${describeLinkTargets(type)}.`
            : `${ITSM_RECORD_TYPE_INFO[type].plural} are not linked to other records.`}
        </Typography>
      ) : (
        <List dense aria-label="Linked records">
          {links.map(link => (
            <ListItem key={link.key}>
              <ListItemText
                primary={
                  <>
                    <RecordLink type={link.type} recordKey={link.key} />{' '}
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
            await addLink(target);
            setAdding(false);
          }}
        />
      )}
    </InfoCard>
  );
};
