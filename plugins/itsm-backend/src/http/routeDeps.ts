import { Request, Router } from 'express';
import { ChangeApprovals } from '../changes/ChangeApprovals';
import { ChangeCalendar } from '../changes/ChangeCalendar';
import { FreezeWindowService } from '../changes/FreezeWindowService';
import { ImpactService } from '../cmdb/ImpactService';
import { RecordService } from '../engine/RecordService';
import { Caller } from '../engine/types';
import { HealthService } from '../health/HealthService';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { SlaService } from '../slas/SlaService';
import { SlaSignatures } from '../slas/SlaSignatures';

/** The services the HTTP layer calls (createItsmServices builds them). */
export interface ItsmRouterServices {
  records: RecordService;
  approvals: ChangeApprovals;
  signatures: SlaSignatures;
  impact: ImpactService;
  freezes: FreezeWindowService;
  calendar: ChangeCalendar;
  slas: SlaService;
  authorizer: RecordAuthorizer;
}

/** What each route module registers its routes with. */
export interface RouteDeps {
  router: Router;
  services: ItsmRouterServices;
  health: HealthService;
  /** The caller of a request, as the services need it (user credentials only). */
  caller(req: Request): Promise<Caller>;
}
