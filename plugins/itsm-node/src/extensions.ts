import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * Extension point that lets backend modules contribute to the ITSM plugin.
 *
 * Its surface grows with the record services; for now a module may register
 * additional health checks, which `GET /api/itsm/health` runs and reports.
 *
 * @public
 */
export interface ItsmHealthCheckExtensionPoint {
  addHealthCheck(check: ItsmHealthCheck): void;
}

/** @public */
export interface ItsmHealthCheck {
  /** Name shown in the health answer. */
  name: string;
  /** Resolves when healthy; rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** @public */
export const itsmHealthCheckExtensionPoint =
  createExtensionPoint<ItsmHealthCheckExtensionPoint>({
    id: 'itsm.health-checks',
  });
