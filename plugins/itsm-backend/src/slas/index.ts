import { slaHandler } from './handler';
import { SLA_EFFECTS, SLA_GUARDS } from './rules';

export { CalendarRegistry } from './CalendarRegistry';
export { EscalationDecisions } from './EscalationDecisions';
export { SlaService } from './SlaService';
export { SlaSignatures } from './SlaSignatures';

/** The SLA lifecycle as the record engine runs it. */
export function slaProcess() {
  return {
    handler: slaHandler,
    guards: SLA_GUARDS,
    effects: SLA_EFFECTS,
  };
}
