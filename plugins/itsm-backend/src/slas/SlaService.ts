import { Caller } from '../engine/types';
import { AvailabilityService } from './AvailabilityService';
import { SlaDeps } from './context';
import { SlaClocks } from './SlaClocks';
import { SlaReports } from './SlaReports';
import { SlaSweep } from './SlaSweep';
import { TermTracking } from './TermTracking';

/**
 * SLA clocks, escalation sweeps, availability figures and term reports.
 * Pure calendar and interval math lives in itsm-common; the services this
 * one puts together find the records it applies to.
 */
export class SlaService {
  private readonly clocks: SlaClocks;
  private readonly sweeper: SlaSweep;
  private readonly availabilityService: AvailabilityService;
  private readonly reports: SlaReports;
  private readonly tracking: TermTracking;

  constructor(deps: SlaDeps) {
    this.clocks = new SlaClocks(deps);
    this.sweeper = new SlaSweep(deps, this.clocks);
    this.availabilityService = new AvailabilityService(deps);
    this.reports = new SlaReports(deps, this.availabilityService, this.clocks);
    this.tracking = new TermTracking(deps, this.reports);
  }

  /** The SLA clocks of an incident (`GET /incidents/:key/sla`). */
  incidentClocks(idOrKey: string, caller: Caller) {
    return this.clocks.incidentClocks(idOrKey, caller);
  }

  /** Warnings and escalations due now; see {@link SlaSweep.sweep}. */
  sweep(options: { signal?: AbortSignal } = {}) {
    return this.sweeper.sweep(options);
  }

  /** `GET /availability`. */
  availability(
    params: {
      entityRef?: string;
      from?: string;
      to?: string;
      granularity?: string;
    },
    caller: Caller,
  ) {
    return this.availabilityService.availability(params, caller);
  }

  /** `GET /slas/:key/report?term=2026-10|2026-Q4`. */
  report(idOrKey: string, term: string | undefined, caller: Caller) {
    return this.reports.report(idOrKey, term, caller);
  }

  /** Availability tracking of the terms that ended; see {@link TermTracking}. */
  trackEndedTerms(caller: Caller): Promise<string[]> {
    return this.tracking.trackEndedTerms(caller);
  }
}
