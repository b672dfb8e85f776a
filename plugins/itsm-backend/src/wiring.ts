import { CabMeetingService } from './releases/CabMeetingService';
import { CabEffects } from './releases/cabEffects';
import { CabFollowUp } from './releases/cabFollowUp';
import { ReleasePlanService } from './releases/ReleasePlanService';
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EffectName,
  GuardName,
  itsmPermissions,
  itsmRecordReadPermission,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmHealthCheck } from '@backstage-itsm/plugin-itsm-node';
import { Knex } from 'knex';
import {
  ChangeApprovals,
  ChangeAssessor,
  ChangeCalendar,
  changeProcess,
  FreezeWindowService,
} from './changes';
import { CatalogLookup } from './cmdb/CatalogLookup';
import { ImpactService } from './cmdb/ImpactService';
import { SystemParts } from './cmdb/systemParts';
import { RoleResolver } from './cmdb/RoleResolver';
import { RoleScope } from './cmdb/RoleScope';
import { readCatalogTimeoutMs, timedCatalog } from './cmdb/timedCatalog';
import { ItsmConfig, readItsmConfig, StandardChangeTemplate } from './config';
import { GENERIC_EFFECTS, GENERIC_GUARDS } from './engine/genericRules';
import { Notifier } from './engine/Notifier';
import { RecordEngine } from './engine/RecordEngine';
import { MyWork } from './engine/MyWork';
import { RecordService } from './engine/RecordService';
import { Effect, Guard, ProcessRegistry } from './engine/types';
import { catalogHealthCheck } from './health/catalogCheck';
import { IncidentAutoClose, incidentProcess } from './incidents';
import { KpiService } from './kpis';
import {
  CatalogRoleLookup,
  RecordAuthorizer,
} from './permissions/RecordAuthorizer';
import { itsmRecordResourceRef, itsmRecordRules } from './permissions/rules';
import { problemProcess } from './problems';
import { releaseProcess } from './releases';
import {
  CalendarRegistry,
  EscalationDecisions,
  SlaService,
  SlaSignatures,
  slaProcess,
} from './slas';
import { RECORD_FACTS } from './recordFacts';
import { FreezeWindowStore, KnexItsmStore } from './store';

/** What the ITSM services are built from. */
export interface ItsmServiceDeps {
  /** The root config (the `itsm` section is read here). */
  config: Config;
  /** The plugin's database, migrated. */
  db: Knex;
  catalog: CatalogService;
  notifier: Notifier;
  logger: LoggerService;
  auditor?: AuditorService;
  /**
   * How callers are authorised: the permission framework (the ITSM record
   * resource type is registered with it), or a given authorizer (tests).
   */
  authorization:
    | {
        permissions: PermissionsService;
        permissionsRegistry: PermissionsRegistryService;
      }
    | { authorizer: RecordAuthorizer };
  /** The clock (tests move it); the system clock by default. */
  clock?: () => Date;
  /** Credentials the plugin reads the catalog's roles with (its own service credentials). */
  serviceCredentials?: () => Promise<BackstageCredentials>;
}

/** Every service of the plugin, built once. */
export interface ItsmServices {
  config: ItsmConfig;
  store: KnexItsmStore;
  authorizer: RecordAuthorizer;
  catalog: CatalogLookup;
  roles: RoleResolver;
  impact: ImpactService;
  /** The parts of Systems and Domains in the catalog. */
  parts: SystemParts;
  calendars: CalendarRegistry;
  freezes: FreezeWindowService;
  assessor: ChangeAssessor;
  /** The handlers, guards and effects the engine runs. */
  registry: ProcessRegistry;
  engine: RecordEngine;
  records: RecordService;
  approvals: ChangeApprovals;
  signatures: SlaSignatures;
  work: MyWork;
  escalations: EscalationDecisions;
  autoClose: IncidentAutoClose;
  slas: SlaService;
  calendar: ChangeCalendar;
  /** The standard change templates, in the configured order (the catalogue). */
  standardTemplates: StandardChangeTemplate[];
  /** The process figures (KPIs), by aggregate queries. */
  kpis: KpiService;
  /** CAB meetings of a service: agenda, votes, the two-thirds rule. */
  cab: CabMeetingService;
  /** Circulates CAB agendas at the deadline and finishes half-done closes (scheduled). */
  cabFollowUp: CabFollowUp;
  /** The changes of a release plan, on a timeline. */
  releasePlans: ReleasePlanService;
  /**
   * Checks of the plugin's dependencies besides its database, for
   * `GET /health`: the catalog (when the plugin has its own credentials).
   */
  healthChecks: ItsmHealthCheck[];
}

/**
 * Builds the store, the record engine, the processes it runs and their
 * services. plugin.ts and the tests both build the plugin through here.
 */
export function createItsmServices(deps: ItsmServiceDeps): ItsmServices {
  const { config: rootConfig, db, logger, clock } = deps;
  const config = readItsmConfig(rootConfig);
  const store = new KnexItsmStore(db, RECORD_FACTS);
  // Every catalog call of the plugin is given up after itsm.catalog.timeout
  // (503), and a failing catalog answers 503 too, naming no internals.
  const catalogService = timedCatalog(deps.catalog, {
    timeoutMs: readCatalogTimeoutMs(rootConfig),
    logger,
  });
  const roles = new RoleResolver({
    catalog: catalogService,
    config: config.roles,
    credentials: deps.serviceCredentials,
  });
  const roleScope = new RoleScope({
    catalog: catalogService,
    config: config.roles,
    credentials: deps.serviceCredentials,
  });
  const authorizer =
    'authorizer' in deps.authorization
      ? deps.authorization.authorizer
      : registerRecordPermissions(store, deps.authorization, {
          catalogRoles: (record, credentials) =>
            roles.catalogRoles(record, credentials),
          reach: (role, claims, credentials) =>
            roleScope.reach(role, claims, credentials),
          credentials: async () => deps.serviceCredentials?.(),
        });
  const catalog = new CatalogLookup(catalogService);
  const impact = new ImpactService({
    catalog: catalogService,
    store,
    maxDepth: config.impactMaxDepth,
  });
  const calendars = CalendarRegistry.fromConfig(rootConfig);
  const freezes = new FreezeWindowService(
    new FreezeWindowStore(db),
    rootConfig,
    deps.auditor,
  );
  const assessor = new ChangeAssessor({
    impact,
    store,
    freezes,
    serviceHours: calendars,
    quorum: config.quorum,
    representatives: (groups, credentials) =>
      roles.customerRepresentatives(groups, credentials),
    clock,
  });

  const incidents = incidentProcess(config);
  const problems = problemProcess();
  const changes = changeProcess({
    standardTemplates: config.standardTemplates,
    assessor,
  });
  const releases = releaseProcess();
  const slaLifecycle = slaProcess(calendars);
  // Typed as complete maps: a guard or effect a state machine names and no
  // process implements does not compile.
  const guards: Record<GuardName, Guard> = {
    ...GENERIC_GUARDS,
    ...incidents.guards,
    ...problems.guards,
    ...changes.guards,
    ...releases.guards,
    ...slaLifecycle.guards,
  };
  const effects: Record<EffectName, Effect> = {
    ...GENERIC_EFFECTS,
    ...incidents.effects,
    ...problems.effects,
    ...changes.effects,
    ...releases.effects,
    ...slaLifecycle.effects,
  };
  const registry: ProcessRegistry = {
    handlers: {
      incidents: incidents.handler,
      problems: problems.handler,
      changes: changes.handler,
      releases: releases.handler,
      slas: slaLifecycle.handler,
    },
    guards,
    effects,
  };

  const engine = new RecordEngine({
    store,
    catalog,
    authorizer,
    roles,
    notifier: deps.notifier,
    registry,
    auditor: deps.auditor,
    logger,
    clock,
  });
  const records = new RecordService(engine);
  const cabEffects = new CabEffects({ store, records, logger, clock });
  return {
    config,
    store,
    authorizer,
    catalog,
    roles,
    impact,
    parts: new SystemParts(impact),
    calendars,
    freezes,
    assessor,
    registry,
    engine,
    records,
    approvals: new ChangeApprovals(engine),
    signatures: new SlaSignatures(engine),
    work: new MyWork({
      engine,
      store,
      representatives: (groups, credentials) =>
        roles.customerRepresentatives(groups, credentials),
      representedBy: (claims, credentials) =>
        roles.groupsRepresentedBy(claims, credentials),
    }),
    escalations: new EscalationDecisions(engine, {
      store,
      calendars,
      authorizer,
      thresholds: config.slaThresholds,
      dangerThreshold: config.dangerThreshold,
      clock,
    }),
    autoClose: new IncidentAutoClose({
      engine,
      autoCloseAfterMs: config.autoCloseAfterMs,
      logger,
    }),
    slas: new SlaService({
      store,
      calendars,
      impact,
      notifier: deps.notifier,
      authorizer,
      logger,
      thresholds: config.slaThresholds,
      dangerThreshold: config.dangerThreshold,
      clock,
    }),
    calendar: new ChangeCalendar({ store, freezes, authorizer }),
    standardTemplates: [...config.standardTemplates.values()],
    kpis: new KpiService({ store, authorizer, clock }),
    cab: new CabMeetingService({
      store,
      effects: cabEffects,
      catalog: catalogService,
      entityRoles: (ref, caller, field) =>
        roles.entityRoles(ref, caller, field),
      credentials: async () => deps.serviceCredentials?.(),
      canRead: (record, caller) =>
        authorizer.isAllowed(
          itsmRecordReadPermission,
          record,
          caller.credentials,
        ),
      logger,
      clock,
    }),
    cabFollowUp: new CabFollowUp({
      store,
      effects: cabEffects,
      deliver: outbox => engine.deliver(outbox),
      logger,
      clock,
    }),
    releasePlans: new ReleasePlanService({ engine, records }),
    healthChecks: deps.serviceCredentials
      ? [catalogHealthCheck(catalogService, deps.serviceCredentials)]
      : [],
  };
}

/** Registers the ITSM record resource type and answers its authorizer. */
function registerRecordPermissions(
  store: KnexItsmStore,
  deps: {
    permissions: PermissionsService;
    permissionsRegistry: PermissionsRegistryService;
  },
  roles: CatalogRoleLookup & {
    credentials(): Promise<BackstageCredentials | undefined>;
  },
): RecordAuthorizer {
  deps.permissionsRegistry.addResourceType({
    resourceRef: itsmRecordResourceRef,
    permissions: itsmPermissions,
    rules: itsmRecordRules,
    // Records with the roles the catalog gives them (HAS_ITSM_ROLE), for
    // conditions applied through the permission framework's own endpoint.
    getResources: async ids => {
      const found = await store.getRecordsByIds(ids);
      const credentials = await roles.credentials();
      return Promise.all(
        ids.map(async id => {
          const record = found.find(r => r.id === id);
          if (!record || !credentials) return record;
          return {
            ...record,
            catalogRoles: await roles.catalogRoles(record, credentials),
          };
        }),
      );
    },
  });
  return new RecordAuthorizer(
    deps.permissions,
    deps.permissionsRegistry,
    roles,
  );
}
