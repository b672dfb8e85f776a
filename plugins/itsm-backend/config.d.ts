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
    roles?: {
      /** Group that stands in for service owners when they are not available. */
      onDutyManager?: string;
    };
  };
}
