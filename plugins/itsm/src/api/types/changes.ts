import type {
  ChangeAssessment,
  FreezeScope,
  FreezeWindow,
  RiskFactor,
  RiskLevel,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * An entity named in an impact analysis.
 *
 * @public
 */
export interface ImpactEntity {
  entityRef: string;
  kind: string;
  title: string;
  ownerRefs: string[];
  /** Name of the entity's service-hours calendar. */
  calendar: string;
}

/**
 * An entity reached from the analysed entities through the catalog relations.
 *
 * @public
 */
export interface ImpactAffectedEntity extends ImpactEntity {
  /** Steps from the nearest analysed entity (1 = a neighbour). */
  depth: number;
  /** Entity refs from an analysed entity to this one, both included. */
  path: string[];
  /** The relation of the last step, e.g. `dependencyOf`. */
  relation: string;
  /** True when it uses the analysed service (dependency or API consumer). */
  dependent: boolean;
}

/**
 * An active SLA covering impacted entities.
 *
 * @public
 */
export interface ImpactSla {
  key: string;
  title: string;
  customerGroup: string;
  serviceOwnerGroup: string;
  /** The impacted entities this SLA covers. */
  entityRefs: string[];
}

/**
 * What `GET /impact` answers: the CMDB impact of a change to the given
 * entities.
 *
 * @public
 */
export interface ImpactResponse {
  direct: ImpactEntity[];
  affected: ImpactAffectedEntity[];
  owners: Array<{ ownerRef: string; entityRefs: string[] }>;
  slas: ImpactSla[];
  /** True when the walk stopped at `maxDepth` with entities still to visit. */
  truncated: boolean;
  maxDepth: number;
}

/**
 * The query of `GET /calendar`.
 *
 * @public
 */
export interface ChangeCalendarQuery {
  /** Start of the period, ISO 8601. */
  from: string;
  /** End of the period, ISO 8601. */
  to: string;
  /** Only changes (and windows) concerning this entity. */
  entityRef?: string;
}

/**
 * A change on the change calendar.
 *
 * @public
 */
export interface CalendarChange {
  key: string;
  title: string;
  state: string;
  changeType: 'standard' | 'normal' | 'emergency';
  plannedStart: string | null;
  plannedEnd: string | null;
  entityRefs: string[];
  /** Keys of other changes whose window overlaps on a shared entity. */
  conflicts: string[];
  /** Ids of the freeze windows the change falls into. */
  freezeWindows: string[];
}

/**
 * An approved implementation window of a change.
 *
 * @public
 */
export interface MaintenanceWindow {
  changeKey: string;
  start: string;
  end: string;
  entityRefs: string[];
}

/**
 * What `GET /calendar` answers.
 *
 * @public
 */
export interface ChangeCalendarResponse {
  changes: CalendarChange[];
  freezeWindows: FreezeWindow[];
  maintenanceWindows: MaintenanceWindow[];
}

export type {
  ChangeAssessment,
  FreezeScope,
  FreezeWindow,
  RiskFactor,
  RiskLevel,
};
