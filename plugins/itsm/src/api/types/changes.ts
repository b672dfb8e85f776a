import type {
  ChangeAssessment,
  ChangeType,
  FreezeScope,
  FreezeWindow,
  ItsmOpenApi,
  RiskFactor,
  RiskLevel,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * What `GET /impact` answers: the CMDB impact of a change to the given
 * entities (the `Impact` of the API document): the entities analysed, those
 * reached through the catalog relations, their owners, the active SLAs
 * covering them, and whether the walk stopped at `maxDepth`.
 *
 * @public
 */
export type ImpactResponse = ItsmOpenApi.Impact;

/**
 * An entity named in an impact analysis (with its owners and the name of its
 * service-hours calendar).
 *
 * @public
 */
export type ImpactEntity = ItsmOpenApi.ImpactEntity;

/**
 * A template of the standard change catalogue: what a standard change names
 * as its `template`, and whether its changes skip approval.
 *
 * @public
 */
export type StandardChangeTemplate = ItsmOpenApi.StandardChangeTemplate;

/**
 * An entity reached from the analysed entities through the catalog
 * relations: `depth` steps from the nearest analysed entity along `path`,
 * the last step over `relation`; `dependent` when it uses the analysed
 * service (dependency or API consumer).
 *
 * @public
 */
export type ImpactAffectedEntity = ImpactResponse['affected'][number];

/**
 * An active SLA covering impacted entities (`entityRefs`: those it covers).
 *
 * @public
 */
export type ImpactSla = ImpactResponse['slas'][number];

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
  changeType: ChangeType;
  plannedStart: string | null;
  plannedEnd: string | null;
  entityRefs: string[];
  /** Keys of other changes whose window overlaps on a shared entity. */
  conflicts: string[];
  /** Titles of the freeze windows the change falls into. */
  freezeWindows: string[];
}

/**
 * An approved implementation window of a change.
 *
 * @public
 */
export type MaintenanceWindow =
  ItsmOpenApi.ChangeCalendar['maintenanceWindows'][number];

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
