import { slaHandler } from './handler';
import { SLA_EFFECTS, SLA_GUARDS } from './rules';

export { CalendarRegistry } from './CalendarRegistry';
export { EscalationDecisions } from './EscalationDecisions';
export { SlaService } from './SlaService';
export { SlaSignatures } from './SlaSignatures';

/** The SLA lifecycle as the record engine runs it, on the configured calendars. */
export function slaProcess(calendars: { names(): string[] }) {
  return {
    handler: slaHandler(calendars),
    guards: SLA_GUARDS,
    effects: SLA_EFFECTS,
  };
}
