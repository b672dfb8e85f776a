import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the ITSM plugins. */
  itsm?: {
    /** Seed demo records on first start (for the demo portal only). */
    demoData?: boolean;
    incidents?: {
      /** Resolved incidents close automatically after this period (default 5 days). */
      autoCloseAfter?: HumanDuration | string;
      /**
       * Impact -> urgency -> priority. Missing cells keep the default
       * (high/high = P1 ... low/low = P4).
       */
      priorityMatrix?: {
        [impact in 'high' | 'medium' | 'low']?: {
          [urgency in 'high' | 'medium' | 'low']?: 'P1' | 'P2' | 'P3' | 'P4';
        };
      };
    };
    changes?: {
      /** Templates of standard (pre-approved) changes. */
      standardTemplates?: Array<{
        id: string;
        title: string;
        /** Whether changes from this template skip approval (default true). */
        skipApproval?: boolean;
        description?: string;
      }>;
    };
    /**
     * Config defaults of the process roles (docs/roles.md): each names a
     * group or user ref (or several). A role is resolved from the
     * `itsm.backstage.io/<role>` annotation of the entity, its System, its
     * Domain, then these, then the entity's owner.
     */
    roles?: {
      serviceOwner?: string | string[];
      /** Stands in for service owners when they are not available. */
      onDutyManager?: string | string[];
      groupCoordinator?: string | string[];
      changeCoordinator?: string | string[];
      /** Checks policy, risk and conflicts; collects approvals; approves freeze exceptions. */
      changeManager?: string | string[];
      problemCoordinator?: string | string[];
      releaseCoordinator?: string | string[];
      cabMember?: string | string[];
      releaseAdministrator?: string | string[];
      availabilityManager?: string | string[];
      capacityManager?: string | string[];
      serviceLevelManager?: string | string[];
    };
    approvals?: {
      /** Groups whose approval needs several members. */
      quorum?: Array<{ group: string; members: number }>;
    };
    impact?: {
      /** How far impact analysis follows catalog relations (default 6). */
      maxDepth?: number;
    };
    /**
     * Back-pressure of the API: beyond these, a request is answered 503
     * with Retry-After before any of it runs (docs/reliability.md).
     */
    scheduler?: {
      /**
       * How long a run of the SLA sweep holds its lock (default 1 minute,
       * 10 seconds to 1 hour): another instance takes over a dead one's
       * sweep after this long.
       */
      sweepLease?: HumanDuration | string;
    };
    http?: {
      /** Requests worked on at once (default 16). */
      maxActiveRequests?: number;
      /** Requests waiting for a turn (default 200). */
      maxQueuedRequests?: number;
      /** The longest a request waits for its turn, in milliseconds (default 10000). */
      maxQueueWaitMs?: number;
    };
    catalog?: {
      /**
       * How long one catalog call may take before the plugin gives it up and
       * answers 503 (default 5 seconds), e.g. `5s` or `{ seconds: 5 }`.
       * `GET /health` reports a catalog that fails or does not answer in time.
       */
      timeout?: HumanDuration | string;
    };
    /** Service-hours calendars by name; `24x7` always exists. */
    calendars?: {
      [name: string]:
        | { kind: '24x7' }
        | {
            kind: 'business-hours';
            /** IANA time zone, e.g. Europe/Berlin. */
            timeZone: string;
            weeklyHours: {
              [day in
                | 'mon'
                | 'tue'
                | 'wed'
                | 'thu'
                | 'fri'
                | 'sat'
                | 'sun']?: Array<{
                start: string;
                end: string;
              }>;
            };
            /** Local dates (YYYY-MM-DD) without service. */
            holidays?: string[];
          };
    };
    /** Change freeze windows defined as code. */
    freezeWindows?: Array<{
      id?: string;
      title: string;
      reason?: string;
      start: string;
      end: string;
      scope?:
        | { kind: 'all' }
        | { kind: 'domain' | 'system' | 'entity'; entityRef: string };
    }>;
  };
}
