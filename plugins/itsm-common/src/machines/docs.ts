import { transitionBodyFields } from './fields';
import type { StateMachineDef } from './types';

/**
 * Renders a machine as a mermaid `stateDiagram-v2`. Each arrow is labelled
 * with the button label and, in brackets, its guards. `docs/state-machines.md`
 * holds this output verbatim (a test keeps it so).
 *
 * @public
 */
export function toMermaid(machine: StateMachineDef): string {
  const lines = ['stateDiagram-v2'];
  for (const entry of [machine.initial, ...(machine.entryStates ?? [])]) {
    lines.push(`    [*] --> ${entry}`);
  }
  for (const tr of machine.transitions) {
    const guards = tr.guards.length > 0 ? ` [${tr.guards.join(', ')}]` : '';
    lines.push(`    ${tr.from} --> ${tr.to}: ${tr.label}${guards}`);
  }
  for (const end of machine.terminal) {
    lines.push(`    ${end} --> [*]`);
  }
  return lines.join('\n');
}

/**
 * Renders the transitions of a machine as a markdown table (from, to,
 * action, label, roles, guards, reason, required fields, optional fields, effects).
 * Optional fields are those the body may carry besides the required ones,
 * including what its guards may be given (see `transitionBodyFields`).
 * `docs/state-machines.md` holds this output verbatim (a test keeps it so).
 *
 * @public
 */
export function toTransitionTable(machine: StateMachineDef): string {
  const code = (items: readonly string[] | undefined) =>
    items && items.length > 0 ? items.map(i => `\`${i}\``).join(', ') : '–';
  const lines = [
    '| From | To | Action | Label | Roles | Guards | Reason | Required fields | Optional fields | Effects |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const tr of machine.transitions) {
    const optional = transitionBodyFields(tr).filter(
      f => !(tr.requiredFields ?? []).includes(f),
    );
    lines.push(
      `| ${tr.from} | ${tr.to} | \`${tr.action}\` | ${tr.label} | ${code(
        tr.roles,
      )} | ${code(tr.guards)} | ${tr.requiresReason ? 'yes' : 'no'} | ${code(
        tr.requiredFields,
      )} | ${code(optional)} | ${code(tr.effects)} |`,
    );
  }
  return lines.join('\n');
}
