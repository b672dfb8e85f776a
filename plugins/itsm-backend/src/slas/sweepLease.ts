import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** The lease of the SLA sweep when config names none. */
export const DEFAULT_SWEEP_LEASE: HumanDuration = { minutes: 1 };

/**
 * How long a run of the SLA sweep holds the scheduler's lock
 * (`itsm.scheduler.sweepLease`, default 1 minute). The scheduler gives the
 * lock up after this long: when the instance running the sweep dies, another
 * instance sweeps again within one lease, and a live run past its lease is
 * aborted (the sweep honours the signal between pages). A full sweep of
 * 100,000 open clocks takes under 10 s (docs/performance.md).
 */
export function readSweepLease(config: Config): HumanDuration {
  const key = 'itsm.scheduler.sweepLease';
  if (!config.has(key)) return DEFAULT_SWEEP_LEASE;
  const lease = readDurationFromConfig(config, { key });
  const ms = Duration.fromObject(lease).toMillis();
  if (!(ms >= 10_000 && ms <= 60 * 60_000)) {
    throw new Error(`${key} must be between 10 seconds and 1 hour`);
  }
  return lease;
}
