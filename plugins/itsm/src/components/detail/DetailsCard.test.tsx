import { screen, within } from '@testing-library/react';
import type { Release } from '@backstage-itsm/plugin-itsm-common';
import {
  CHANGE,
  entityProblem,
  incident,
  INCIDENT,
  mockItsmApi,
  renderCard,
  SLA,
} from '../../__testUtils__/fixtures';
import { DetailsCard } from './DetailsCard';

/** The value shown for a label of the field list. */
function field(label: string): string | null {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? null;
}

describe('DetailsCard', () => {
  it('shows the description, the common fields and those of an incident', async () => {
    await renderCard(
      <DetailsCard
        record={incident({
          outage: {
            kind: 'down',
            start: '2026-11-24T09:50:00.000Z',
            end: null,
          },
          changeGate: {
            disruptsService: true,
            changesFunctionality: false,
            requiresCmdbUpdate: false,
          },
          escalated: true,
        })}
      />,
      mockItsmApi(),
    );

    expect(screen.getByText('time out').tagName).toBe('STRONG');
    expect(field('Key')).toBe('INC-12');
    expect(field('Assigned group')).toBe('group:payments-team');
    expect(field('Assignee')).toBe('—');
    expect(field('Priority')).toBe('P2');
    expect(field('Service type')).toBe('User restoration');
    expect(field('Major incident')).toBe('No');
    expect(field('Outage')).toMatch(/^Down from .* \(ongoing\)$/);
    expect(field('Change gate')).toBe(
      'Fix disrupts the service: needs a linked change',
    );
    expect(field('Reopened')).toBe('0 times');
    expect(field('Escalated')).toBe('To the service owner');
    expect(screen.queryByText('Change type')).toBeNull();
  });

  it('links the incident a change fixes and shows plans and tasks', async () => {
    await renderCard(
      <DetailsCard
        record={{
          ...CHANGE,
          incidentKey: INCIDENT.key,
          tasks: [{ title: 'Deploy', kind: 'implementation', done: true }],
        }}
      />,
      mockItsmApi(),
    );

    expect(field('Change type')).toBe('Normal');
    expect(
      screen.getByRole('link', { name: 'INC-12' }).getAttribute('href'),
    ).toBe('/incidents/INC-12');
    expect(
      screen.getByRole('heading', { name: 'Implementation plan' }),
    ).toBeInTheDocument();
    const task = within(
      screen.getByRole('table', { name: 'Tasks' }),
    ).getAllByRole('row')[1];
    expect(task).toHaveTextContent('DeployImplementationDone');
    expect(screen.queryByText('Priority')).toBeNull();
  });

  it('shows the texts of a problem', async () => {
    await renderCard(
      <DetailsCard
        record={entityProblem('PRB-3', {
          rootCause: 'A pool that **leaks**',
          candidateSolutions: ['Bigger pool', 'Fix the leak'],
        })}
      />,
      mockItsmApi(),
    );

    expect(screen.getByText('No description.')).toBeInTheDocument();
    expect(field('Category')).toBe('—');
    expect(
      screen.getByRole('heading', { name: 'Workaround' }),
    ).toBeInTheDocument();
    expect(screen.getByText('leaks').tagName).toBe('STRONG');
    expect(screen.getByText('Fix the leak')).toBeInTheDocument();
  });

  it('shows the dates and summary of a release', async () => {
    const { changeType, serviceImpact, ...base } = CHANGE;
    const release: Release = {
      ...base,
      type: 'releases',
      key: 'REL-1',
      state: 'planned',
      backlog: false,
      withinBudget: true,
      summary: 'Ships *CHG-7*',
    };
    await renderCard(<DetailsCard record={release} />, mockItsmApi());

    expect(field('Backlog release')).toBe('No');
    expect(field('Within budget')).toBe('Yes');
    expect(
      screen.getByRole('heading', { name: 'Summary' }),
    ).toBeInTheDocument();
  });

  it('shows the parties and the incident targets of an SLA', async () => {
    await renderCard(
      <DetailsCard
        record={{
          ...SLA,
          discontinuedEntityRefs: ['component:default/legacy-pay'],
        }}
      />,
      mockItsmApi(),
    );

    expect(field('Customer')).toBe('group:retail');
    expect(field('Availability target')).toBe('99.9%');
    expect(field('Left without an active SLA')).toBe('component:legacy-pay');
    const p2 = within(
      screen.getByRole('table', { name: 'Incident targets per priority' }),
    ).getAllByRole('row')[2];
    expect(p2).toHaveTextContent('P230480');
  });
});
