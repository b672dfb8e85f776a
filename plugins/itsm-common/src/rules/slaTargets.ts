import { PRIORITIES } from '../priority';

/** The response and resolution targets of an SLA, in minutes per priority. */
export interface SlaTargetMinutes {
  responseMinutes: Record<string, number>;
  resolutionMinutes: Record<string, number>;
}

/** One nonsensical target: where it is and why. @public */
export interface SlaTargetProblem {
  /** Below `targets`, e.g. `['responseMinutes', 'P1']`. */
  path: [keyof SlaTargetMinutes, string];
  message: string;
}

const KINDS = {
  responseMinutes: 'response',
  resolutionMinutes: 'resolution',
} as const;

/**
 * Targets that contradict the priorities (process model, "Service level
 * agreement"): a more urgent priority must be answered and resolved at
 * least as fast as a less urgent one (P1 no slower than P2, ... P4), and no
 * incident can be resolved before it is responded to, so each priority's
 * resolution target is at least its response target.
 *
 * @public
 */
export function slaTargetProblems(
  targets: SlaTargetMinutes,
): SlaTargetProblem[] {
  const problems: SlaTargetProblem[] = [];
  for (const kind of Object.keys(KINDS) as Array<keyof typeof KINDS>) {
    const minutes = targets[kind];
    PRIORITIES.forEach((urgent, i) => {
      for (const lesser of PRIORITIES.slice(i + 1)) {
        if (minutes[urgent] > minutes[lesser]) {
          problems.push({
            path: [kind, urgent],
            message: `the ${KINDS[kind]} target of ${urgent} (${minutes[urgent]} min) is slower than that of ${lesser} (${minutes[lesser]} min): a more urgent priority needs a target at least as fast`,
          });
          return;
        }
      }
    });
  }
  for (const p of PRIORITIES) {
    if (targets.resolutionMinutes[p] < targets.responseMinutes[p]) {
      problems.push({
        path: ['resolutionMinutes', p],
        message: `the resolution target of ${p} (${targets.resolutionMinutes[p]} min) is shorter than its response target (${targets.responseMinutes[p]} min)`,
      });
    }
  }
  return problems;
}
