import { checkAccessibility, expect, itsmApi, openAs } from '../lib.mjs';

// "My work" as the demo users see it (examples/demo-catalog.yaml): a change
// awaiting the service owner's approval is approved from the approvals
// inbox, with its assessment shown there; a member of Platform Engineering
// takes an incident from the group's queue with "Assign to me".
const FEATURE_FLAGS = 'component:default/feature-flags';
const PLATFORM = 'group:default/platform-team';

const REQUESTER = { user: 'daniel.kim', name: 'Daniel Kim' };
const COORDINATOR = { user: 'tomasz.nowak', name: 'Tomasz Nowak' };
const OWNER = { user: 'ines.duarte', name: 'Ines Duarte' };
const MEMBER = { user: 'hana.sato', name: 'Hana Sato' };

/**
 * A one-hour window on a weekday months ahead, away from the year-end
 * freeze and (chosen at random) from the windows of earlier runs, which the
 * portal keeps: a conflicting change would block the approval request.
 */
function laterWindow() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 40 + Math.floor(Math.random() * 200));
  while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(8 + Math.floor(Math.random() * 8), 0, 0, 0);
  const start = d.toISOString();
  d.setUTCHours(d.getUTCHours() + 1);
  return { plannedStart: start, plannedEnd: d.toISOString() };
}

/** A step of a record through the API as a demo user, with its current version. */
async function move(backendUrl, user, path, to) {
  const current = await itsmApi(backendUrl, user, 'GET', path);
  const res = await itsmApi(backendUrl, user, 'POST', `${path}/transitions`, {
    to,
    version: current.body.version,
  });
  expect(
    res.status === 200,
    `${user}: ${path} -> ${to}: ${JSON.stringify(res.body)}`,
  );
}

/** The keys of a section of a demo user's work (first page). */
async function workKeys(backendUrl, user, section) {
  const res = await itsmApi(
    backendUrl,
    user,
    'GET',
    `/work?section=${section}&limit=500`,
  );
  expect(res.status === 200, `GET /work?section=${section}: ${res.status}`);
  return res.body.items.map(r => r.key);
}

export default {
  name: 'my work: the service owner approves a change from the approvals inbox; a group member assigns an incident to themself',
  async run({ page, appUrl, backendUrl, screenshot }) {
    // A change of the flag service in approval, requested by Daniel and
    // planned by the Platform change coordinator (set up through the API).
    const title = `Raise the flag cache TTL (${Date.now().toString(36)})`;
    const created = await itsmApi(
      backendUrl,
      REQUESTER.user,
      'POST',
      '/changes',
      {
        title,
        entityRefs: [FEATURE_FLAGS],
        changeType: 'normal',
        serviceImpact: 'none',
        ...laterWindow(),
        implementationPlan: 'Roll out the new TTL with the next deploy.',
        testPlan: 'Watch the cache hit ratio for an hour.',
        backoutPlan: 'Restore the previous TTL.',
      },
    );
    expect(created.status === 201, `change: ${JSON.stringify(created.body)}`);
    const change = created.body.key;
    const changePath = `/changes/${change}`;
    await move(backendUrl, REQUESTER.user, changePath, 'review');
    await move(backendUrl, COORDINATOR.user, changePath, 'planning');
    await move(backendUrl, COORDINATOR.user, changePath, 'approval');
    const round = await itsmApi(
      backendUrl,
      OWNER.user,
      'GET',
      `${changePath}/approvals`,
    );
    expect(
      JSON.stringify(round.body.pending) === JSON.stringify([PLATFORM]),
      `pending approvers of ${change}: ${JSON.stringify(round.body.pending)}`,
    );
    expect(
      !(await workKeys(backendUrl, REQUESTER.user, 'approvals')).includes(
        change,
      ),
      `the requester must not find ${change} awaiting their approval`,
    );

    // 1. The service owner finds it under My work, from the ITSM home.
    await openAs(page, appUrl, OWNER.name, '/itsm');
    await page.getByRole('button', { name: 'My work' }).click();
    await page.getByRole('tab', { name: 'Awaiting my approval' }).click();
    const item = page.getByRole('region', { name: `${change} ${title}` });
    await item.waitFor();
    // The assessment shows inline, with the risk computed from the catalog.
    await item
      .getByRole('region', { name: 'Assessment' })
      .getByText(/risk/i)
      .first()
      .waitFor();
    await screenshot('approvals-inbox');
    await checkAccessibility(page, 'my work, awaiting my approval');

    // 2. Approve in place: the change leaves the inbox and is scheduled.
    await item.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Approve/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await item.waitFor({ state: 'detached' });
    const done = await itsmApi(backendUrl, OWNER.user, 'GET', changePath);
    expect(
      done.body.state === 'scheduled',
      `${change} should be scheduled: ${done.body.state}`,
    );
    expect(
      !(await workKeys(backendUrl, OWNER.user, 'approvals')).includes(change),
      `${change} still awaits the service owner`,
    );
    await screenshot('approved-in-place');

    // 3. An incident routed to Platform Engineering waits in the group's queue.
    const incident = await itsmApi(
      backendUrl,
      REQUESTER.user,
      'POST',
      '/incidents',
      {
        title: `Flags stale after deploy (${Date.now().toString(36)})`,
        description: 'Flag changes take minutes to arrive',
        entityRefs: [FEATURE_FLAGS],
        impact: 'low',
        urgency: 'medium',
      },
    );
    expect(
      incident.status === 201,
      `incident: ${JSON.stringify(incident.body)}`,
    );
    const key = incident.body.key;
    expect(
      incident.body.assignedGroup === PLATFORM,
      `${key} routed to ${incident.body.assignedGroup}`,
    );

    await openAs(page, appUrl, MEMBER.name, '/itsm/my-work?section=groups');
    await page.getByRole('link', { name: key, exact: true }).click();
    // 4. Hana, a member of the group (not its coordinator), takes it.
    await page
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Assign to me' })
      .click();
    await page.getByLabel('State: Assigned').first().waitFor();
    const taken = await itsmApi(
      backendUrl,
      MEMBER.user,
      'GET',
      `/incidents/${key}`,
    );
    expect(
      taken.body.assignee === `user:default/${MEMBER.user}`,
      `${key} assignee: ${taken.body.assignee}`,
    );
    expect(
      (await page.getByRole('button', { name: 'Assign to me' }).count()) === 0,
      'Assign to me is still offered on a record of the caller',
    );
    await screenshot('assigned-to-me');

    // 5. It is now under "Assigned to me".
    await page.goto(`${appUrl}/itsm/my-work?section=assigned`);
    await page.getByRole('link', { name: key, exact: true }).waitFor();
    await checkAccessibility(page, 'my work, assigned to me');
  },
};
