import {
  ChangeApprover,
  ChangeAssessment,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordFact } from '../store/types';

/**
 * The facts of a change the store indexes: its implementation window as an
 * interval (value: the change type) and every entity its assessment found
 * affected through dependencies (`affects`), so that conflicts and the
 * calendar are range queries; and what the calendar shows of the
 * assessment (its risk, conflicts and freeze windows), which lists do not
 * carry (the assessment is stored apart, see store/documents.ts). Also its
 * type, and who decides for each required approver of the round
 * (`approvalDecider`, see approvalDeciderFacts), so that the approvals
 * awaiting a caller are a query (GET /work).
 */
export function changeFacts(data: Record<string, unknown>): RecordFact[] {
  const facts: RecordFact[] = [];
  if (typeof data.changeType === 'string') {
    facts.push({ name: 'changeType', value: data.changeType });
  }
  facts.push(...approvalDeciderFacts(data.requiredApprovers));
  if (
    typeof data.plannedStart === 'string' &&
    typeof data.plannedEnd === 'string'
  ) {
    facts.push({
      name: 'window',
      value: String(data.changeType ?? 'normal'),
      start: data.plannedStart,
      end: data.plannedEnd,
    });
  }
  const assessment = data.assessment as ChangeAssessment | undefined;
  if (!assessment) return facts;
  for (const affected of assessment.impact?.affected ?? []) {
    facts.push({ name: 'affects', value: affected.entityRef });
  }
  // What the calendar shows of the assessment, without reading it.
  if (assessment.risk?.level) {
    facts.push({ name: 'risk', value: assessment.risk.level });
  }
  for (const conflict of assessment.conflicts ?? []) {
    facts.push({ name: 'conflict', value: conflict.changeKey });
  }
  for (const freeze of assessment.freezeWindows ?? []) {
    facts.push({ name: 'freeze', value: freeze.title });
  }
  return facts;
}

/**
 * For each required approver of the round, the claims that decide for it
 * (`decidesFor`: its designated representatives, else the approver itself),
 * with the approver as subject and its quorum (default 1) as amount.
 */
export function approvalDeciderFacts(required: unknown): RecordFact[] {
  if (!Array.isArray(required)) return [];
  const facts: RecordFact[] = [];
  for (const approver of required as Array<Partial<ChangeApprover>>) {
    if (!approver || typeof approver.approverRef !== 'string') continue;
    const deciders = approver.representatives?.length
      ? approver.representatives
      : [approver.approverRef];
    for (const decider of deciders) {
      facts.push({
        name: 'approvalDecider',
        value: decider,
        subject: approver.approverRef,
        amount: approver.quorum ?? 1,
      });
    }
  }
  return facts;
}
