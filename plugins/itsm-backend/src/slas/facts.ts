import { parseRoleHolders } from '@backstage-itsm/plugin-itsm-common';
import { RecordFact } from '../store/types';

/**
 * The facts of an SLA the store indexes for GET /work: each party whose
 * signature is missing (`signatureAwaited`: value the party's group as the
 * role resolution names it, subject the side `customer` or `serviceOwner`,
 * see SlaSignatures) and who signed already (`signedBy`: one person signs
 * for one party only). Whether the SLA is still a draft is its state.
 */
export function slaFacts(data: Record<string, unknown>): RecordFact[] {
  const facts: RecordFact[] = [];
  const signatures = (data.signatures ?? {}) as Record<
    string,
    { by?: unknown } | undefined
  >;
  const parties = {
    customer: data.customerGroup,
    serviceOwner: data.serviceOwnerGroup,
  };
  for (const [side, group] of Object.entries(parties)) {
    const by = signatures[side]?.by;
    if (typeof by === 'string') {
      facts.push({ name: 'signedBy', value: by });
    } else if (typeof group === 'string') {
      for (const holder of parseRoleHolders(group)) {
        facts.push({ name: 'signatureAwaited', value: holder, subject: side });
      }
    }
  }
  return facts;
}
