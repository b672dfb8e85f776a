import type {
  ActorRole,
  ResolvedRole,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * A role as the API answers it: the resolved role of itsm-common (its
 * holders and where they came from) with the role in words.
 *
 * @public
 */
export interface ItsmResolvedRole extends ResolvedRole {
  /** The role in words, e.g. "change manager". */
  title: string;
}

/**
 * What `GET /roles?entityRef=` answers: every process role of the entity,
 * resolved in the process model's order (entity, System, Domain, config,
 * owner).
 *
 * @public
 */
export interface ItsmEntityRoles {
  entityRef: string;
  roles: ItsmResolvedRole[];
}

/**
 * What `GET /{type}/{idOrKey}/roles` answers: every role on the record (the
 * process roles over its entities and the roles on the record itself) and
 * the roles the caller acts in.
 *
 * @public
 */
export interface ItsmRecordRoles {
  key: string;
  roles: ItsmResolvedRole[];
  /** The roles the caller acts in on this record. */
  callerRoles: ActorRole[];
}
