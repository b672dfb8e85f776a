/**
 * Which SLA clocks of an incident ask for the group coordinator's decision
 * (reassign or urge), and whether a recorded decision covers them. The
 * server decides on the clocks these rules pick; the incident page shows
 * the same ones.
 */

/** What these rules read of one clock of an incident. @public */
export interface EscalationClock {
  slaKey: string;
  kind: 'response' | 'resolution';
  state: string;
  elapsedPercent: number;
  stopped: boolean;
}

/** A decision as the incident keeps it (its targets with their state then). @public */
export interface EscalationDecisionCoverage {
  targets: ReadonlyArray<{ sla: string; clock: string; state: string }>;
}

/**
 * The clocks the group coordinator decides on: running (or paused) and
 * breached, or with `dangerThreshold` of their target used.
 *
 * @public
 */
export function clocksInDanger<C extends EscalationClock>(
  clocks: readonly C[],
  dangerThreshold: number,
): C[] {
  return clocks.filter(
    c =>
      !c.stopped &&
      (c.state === 'breached' || c.elapsedPercent >= dangerThreshold * 100),
  );
}

/**
 * Whether a recorded decision covers a clock: it named the clock's target
 * (SLA and clock), and the clock has not been breached since a decision
 * taken while it was only in danger (a breach asks for a new decision).
 *
 * @public
 */
export function decisionCoversClock(
  decision: EscalationDecisionCoverage | null | undefined,
  clock: Pick<EscalationClock, 'slaKey' | 'kind' | 'state'>,
): boolean {
  const target = decision?.targets.find(
    t => t.sla === clock.slaKey && t.clock === clock.kind,
  );
  if (!target) return false;
  return clock.state !== 'breached' || target.state === 'breached';
}
