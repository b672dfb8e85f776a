import { Request } from 'express';
import { ChangeApprovals } from '../changes/ChangeApprovals';
import { ChangeCalendar } from '../changes/ChangeCalendar';
import { FreezeWindowService } from '../changes/FreezeWindowService';
import { ImpactService } from '../cmdb/ImpactService';
import { RoleResolver } from '../cmdb/RoleResolver';
import { SystemParts } from '../cmdb/systemParts';
import { StandardChangeTemplate } from '../config';
import { MyWork } from '../engine/MyWork';
import { RecordService } from '../engine/RecordService';
import { Caller } from '../engine/types';
import { HealthService } from '../health/HealthService';
import { KpiService } from '../kpis';
import { CabMeetingService } from '../releases/CabMeetingService';
import { ReleasePlanService } from '../releases/ReleasePlanService';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { createOpenApiRouter } from '../schema/openapi';
import { EscalationDecisions } from '../slas/EscalationDecisions';
import { SlaService } from '../slas/SlaService';
import { SlaSignatures } from '../slas/SlaSignatures';

/** The services the HTTP layer calls (createItsmServices builds them). */
export interface ItsmRouterServices {
  records: RecordService;
  approvals: ChangeApprovals;
  signatures: SlaSignatures;
  escalations: EscalationDecisions;
  impact: ImpactService;
  /** The parts of Systems and Domains (a System's entity tab lists theirs). */
  parts: SystemParts;
  roles: RoleResolver;
  freezes: FreezeWindowService;
  calendar: ChangeCalendar;
  /** The standard change catalogue (itsm.changes.standardTemplates). */
  standardTemplates: StandardChangeTemplate[];
  slas: SlaService;
  authorizer: RecordAuthorizer;
  kpis: KpiService;
  cab: CabMeetingService;
  releasePlans: ReleasePlanService;
  work: MyWork;
}

/**
 * The router generated from openapi.yaml: it validates every request against
 * the document and types each handler's params, query, body and response.
 */
export type ItsmApiRouter = Awaited<ReturnType<typeof createOpenApiRouter>>;

/** What each route module registers its routes with. */
export interface RouteDeps {
  router: ItsmApiRouter;
  services: ItsmRouterServices;
  health: HealthService;
  /** The caller of a request, as the services need it (user credentials only). */
  caller(req: Request<any, any, any, any>): Promise<Caller>;
}
