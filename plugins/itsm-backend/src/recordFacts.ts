import { recordParties } from '@backstage-itsm/plugin-itsm-common';
import { changeFacts } from './changes/facts';
import { incidentFacts } from './incidents/facts';
import { slaFacts } from './slas/facts';
import { RecordFact, RecordFactsIndex } from './store/types';

/**
 * The facts the store indexes for every record type (see RecordFactsIndex):
 * the parties a record names (IS_PARTY), and what each process asks of its
 * records in range and reference queries. Raise `version` whenever this
 * changes; the store then rewrites the facts of existing records at start-up.
 */
export const RECORD_FACTS: RecordFactsIndex = {
  version: 2,
  of(type, data) {
    const facts: RecordFact[] = recordParties(type, data).map(ref => ({
      name: 'party',
      value: ref,
    }));
    if (type === 'incidents') facts.push(...incidentFacts(data));
    if (type === 'changes') facts.push(...changeFacts(data));
    if (type === 'slas') facts.push(...slaFacts(data));
    return facts;
  },
};
