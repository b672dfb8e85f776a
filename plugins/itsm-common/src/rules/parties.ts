/**
 * Who is a party to a record besides its team: the people and groups a
 * process asks to act on it, and who must therefore be able to read it
 * whatever the team boundaries of the permission policy.
 */

import { ItsmRecordType } from '../recordTypes';

/**
 * The entity refs (groups or users, lower case, no duplicates) a record
 * names as parties, from its type-specific data:
 * - an SLA: its customer group and its service owner group (and, in every
 *   version, the parties of that version);
 * - a change: every approver of the current round (`requiredApprovers`) and
 *   the representatives designated to decide for a customer group;
 * - an incident registered on behalf of a caller: the service desk agent
 *   who registered it (`registeredBy`; the caller is its requester).
 * Other records name no parties.
 *
 * @public
 */
export function recordParties(
  type: ItsmRecordType,
  data: Readonly<Record<string, unknown>>,
): string[] {
  const refs: unknown[] = [];
  if (type === 'slas') {
    refs.push(data.customerGroup, data.serviceOwnerGroup);
  } else if (type === 'changes' && Array.isArray(data.requiredApprovers)) {
    for (const approver of data.requiredApprovers) {
      if (!approver || typeof approver !== 'object') continue;
      const { approverRef, representatives } = approver as Record<
        string,
        unknown
      >;
      refs.push(approverRef);
      if (Array.isArray(representatives)) refs.push(...representatives);
    }
  } else if (type === 'incidents') {
    refs.push(data.registeredBy);
  }
  return [
    ...new Set(
      refs
        .filter((r): r is string => typeof r === 'string' && r.length > 0)
        .map(r => r.toLocaleLowerCase('en-US')),
    ),
  ];
}
