import type { WorkSection } from '../../api';

/** A section of "My work": its tab, and what an empty section says. */
export interface WorkSectionInfo {
  section: WorkSection;
  label: string;
  empty: string;
  description: string;
}

/** The sections of "My work", in tab order (`?section=` names one). */
export const WORK_SECTIONS: readonly WorkSectionInfo[] = [
  {
    section: 'assigned',
    label: 'Assigned to me',
    empty: 'Nothing open is assigned to you',
    description:
      'Open records whose assignee is you. Take a record from your groups’ queues with “Assign to me” on its page.',
  },
  {
    section: 'groups',
    label: 'My groups’ queues',
    empty: 'The queues of your groups are empty',
    description:
      'Open records assigned to a group you belong to (your ownership claims).',
  },
  {
    section: 'approvals',
    label: 'Awaiting my approval',
    empty: 'No change awaits your approval',
    description:
      'Changes in an open approval round with a required approver you decide for that has not decided yet. Nobody approves their own change.',
  },
  {
    section: 'signatures',
    label: 'Awaiting my signature',
    empty: 'No SLA awaits your signature',
    description:
      'Draft SLAs whose customer or service owner side you sign and that are not signed for that side yet.',
  },
];

/** The section a query string names, the first one otherwise. */
export function sectionOf(value: string | null): WorkSectionInfo {
  return WORK_SECTIONS.find(s => s.section === value) ?? WORK_SECTIONS[0];
}
