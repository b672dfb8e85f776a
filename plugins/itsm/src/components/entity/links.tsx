import type { ReactNode } from 'react';
import MuiLink from '@material-ui/core/Link';
import AddAlertIcon from '@material-ui/icons/AddAlert';
import PostAddIcon from '@material-ui/icons/PostAdd';
import { RouterLink } from '@backstage/frontend-plugin-api';
import type { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { ButtonLink } from '../common/ButtonLink';
import { useItsmPaths } from '../common/paths';
import { ofEntity } from './hooks';

/** The query string of a list of an entity's records in some states. */
function entitySearch(
  entityRef: string,
  states: readonly string[] = [],
  includeParts = false,
) {
  const params = new URLSearchParams({ entityRef });
  if (includeParts) params.set('includeParts', 'true');
  states.forEach(state => params.append('state', state));
  return params.toString();
}

/** "Report incident": the incident form with the entity filled in. */
export const ReportIncidentLink = (props: {
  entityRef: string;
  variant?: 'contained' | 'outlined';
}) => {
  const paths = useItsmPaths();
  return (
    <ButtonLink
      href={paths.create('incidents', entitySearch(props.entityRef))}
      icon={<AddAlertIcon />}
      variant={props.variant}
    >
      Report incident
    </ButtonLink>
  );
};

/** "File RFC": the request-for-change form with the entity filled in. */
export const FileRfcLink = (props: {
  entityRef: string;
  variant?: 'contained' | 'outlined';
}) => {
  const paths = useItsmPaths();
  return (
    <ButtonLink
      href={paths.create('changes', entitySearch(props.entityRef))}
      icon={<PostAddIcon />}
      variant={props.variant}
    >
      File RFC
    </ButtonLink>
  );
};

/** The key of a record, linking to its page. */
export const RecordKeyLink = (props: {
  type: ItsmRecordType;
  recordKey: string;
}) => {
  const paths = useItsmPaths();
  return (
    <MuiLink
      component={RouterLink}
      href={paths.detail(props.type, props.recordKey)}
    >
      {props.recordKey}
    </MuiLink>
  );
};

/** "View all …": the ITSM list of the entity's records in the given states. */
export const RecordListLink = (props: {
  type: ItsmRecordType;
  entityRef: string;
  states: readonly string[];
  children: ReactNode;
}) => {
  const paths = useItsmPaths();
  return (
    <MuiLink
      component={RouterLink}
      href={paths.list(
        props.type,
        entitySearch(
          props.entityRef,
          props.states,
          !!ofEntity(props.entityRef).includeParts,
        ),
      )}
    >
      {props.children}
    </MuiLink>
  );
};
