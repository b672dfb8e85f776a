import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ROLE_INFO,
  roleAnnotation,
  RoleSource,
} from '@backstage-itsm/plugin-itsm-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { ItsmResolvedRole } from '../../api';
import { useEntityRoles } from '../../hooks';
import { EntityLinks } from '../common/EntityLinks';
import { EmptyNote } from '../common/EmptyNote';
import { RecordTable } from './RecordTable';
import { CARD_TITLE } from '../common/cardTitle';

/** The card's title, also the name of its region. */
export const ROLES_CARD_TITLE = 'Who does what for this service';

/** The annotation of any role: `itsm.backstage.io/<role>`. */
const ROLE_ANNOTATION_PATTERN = roleAnnotation('service-owner').replace(
  'service-owner',
  '<role>',
);

/** Where a role's holders came from, in words. */
export const ROLE_SOURCE_LABEL: Record<RoleSource, string> = {
  entity: 'Annotation on this entity',
  system: 'Annotation on its system',
  domain: 'Annotation on its domain',
  config: 'Config default',
  owner: 'Owner of this entity',
  group: 'Assignment group',
  sla: 'SLA',
  record: 'The record',
};

const roleColumns = [
  {
    title: 'Role',
    render: (row: ItsmResolvedRole) => (
      <span title={ROLE_INFO[row.role]?.does}>
        {row.title || ROLE_INFO[row.role]?.title || row.role}
      </span>
    ),
  },
  {
    title: 'Held by',
    render: (row: ItsmResolvedRole) =>
      row.holders.length ? <EntityLinks entityRefs={row.holders} /> : 'Nobody',
  },
  {
    title: 'From',
    render: (row: ItsmResolvedRole) =>
      row.source ? ROLE_SOURCE_LABEL[row.source] ?? row.source : '—',
  },
];

/**
 * Who does what for an entity: every process role resolved in the process
 * model's order (an `itsm.backstage.io/<role>` annotation on the entity,
 * then its System, then its Domain, then config, then the owner), with its
 * holders and where they came from. A card of the ITSM entity tab.
 */
export const EntityRolesCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useEntityRoles(entityRef);

  let content;
  if (loading) {
    content = <Progress aria-label="Loading the roles" />;
  } else if (error) {
    content = (
      <>
        <ResponseErrorPanel error={error} title="Could not load the roles" />
        <Button size="small" onClick={retry}>
          Retry
        </Button>
      </>
    );
  } else if (!value || value.roles.length === 0) {
    content = (
      <EmptyNote
        title="No roles resolved"
        description="The backend resolved no process roles for this entity."
      />
    );
  } else {
    content = (
      <>
        <RecordTable<ItsmResolvedRole & { key: string }>
          label="Roles"
          rows={value.roles.map(r => ({ ...r, key: r.role }))}
          columns={roleColumns}
        />
        <Typography variant="caption" color="textSecondary" component="p">
          A role is held by whom the annotation{' '}
          <code>{ROLE_ANNOTATION_PATTERN}</code> names on this entity, else on
          its system, else on its domain; else by the config default, else by
          the owner.
        </Typography>
      </>
    );
  }

  return (
    <section aria-label={ROLES_CARD_TITLE}>
      <InfoCard titleTypographyProps={CARD_TITLE} title={ROLES_CARD_TITLE}>
        {content}
      </InfoCard>
    </section>
  );
};
