import { RecordFact } from '../store/types';

/**
 * The facts of an incident the store indexes: its outage as an interval
 * (value: down or degraded; open while it has no end) and the change that
 * caused it.
 */
export function incidentFacts(data: Record<string, unknown>): RecordFact[] {
  const facts: RecordFact[] = [];
  const outage = data.outage as
    | { kind?: unknown; start?: unknown; end?: unknown }
    | null
    | undefined;
  if (outage && typeof outage.start === 'string') {
    facts.push({
      name: 'outage',
      value: String(outage.kind ?? 'down'),
      start: outage.start,
      end: typeof outage.end === 'string' ? outage.end : null,
    });
  }
  if (typeof data.causedByChange === 'string' && data.causedByChange) {
    facts.push({
      name: 'causedByChange',
      value: data.causedByChange.toUpperCase(),
    });
  }
  return facts;
}
