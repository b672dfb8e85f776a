import { ChangeAssessment } from '@backstage-itsm/plugin-itsm-common';
import { RecordFact } from '../store/types';

/**
 * The facts of a change the store indexes: its implementation window as an
 * interval (value: the change type) and every entity its assessment found
 * affected through dependencies (`affects`), so that conflicts and the
 * calendar are range queries; and what the calendar shows of the
 * assessment (its risk, conflicts and freeze windows), which lists do not
 * carry (the assessment is stored apart, see store/documents.ts).
 */
export function changeFacts(data: Record<string, unknown>): RecordFact[] {
  const facts: RecordFact[] = [];
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
