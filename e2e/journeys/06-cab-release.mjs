import {
  checkAccessibility,
  expect,
  itsmApi,
  localDateTime,
  openAs,
} from '../lib.mjs';

// The CAB of Shared Platform holds a meeting and a release ships from it,
// as the demo catalog's people (examples/demo-catalog.yaml): Tomasz Nowak is
// the release coordinator of the Platform domain and, with Ines Duarte and
// Hana Sato, a member of the service's CAB.
const SERVICE = 'system:default/shared-platform';
const TOMASZ = { user: 'tomasz.nowak', name: 'Tomasz Nowak' };
const INES = { user: 'ines.duarte', name: 'Ines Duarte' };
const HANA = { user: 'hana.sato', name: 'Hana Sato' };

/** An RFC filed by Daniel and handed to release management by Tomasz. */
async function backlogRfc(backendUrl, title, component) {
  const created = await itsmApi(backendUrl, 'daniel.kim', 'POST', '/changes', {
    title,
    entityRefs: [`component:default/${component}`],
    changeType: 'normal',
    functionalChange: true,
  });
  expect(created.status === 201, `RFC: ${JSON.stringify(created.body)}`);
  const { key } = created.body;
  let version = created.body.version;
  for (const [user, to] of [
    ['daniel.kim', 'review'],
    [TOMASZ.user, 'in_release'],
  ]) {
    const moved = await itsmApi(
      backendUrl,
      user,
      'POST',
      `/changes/${key}/transitions`,
      { to, version },
    );
    expect(
      moved.status === 200,
      `${key} -> ${to}: ${JSON.stringify(moved.body)}`,
    );
    version = moved.body.version;
  }
  return key;
}

/** The tally line of an RFC on the board. */
const tally = (page, key) => page.getByLabel(`Tally of ${key}`);

async function vote(page, key, choice) {
  await page
    .getByRole('group', { name: `Vote on ${key}` })
    .getByRole('button', { name: choice, exact: true })
    .click();
}

async function takeStep(page, label) {
  await page
    .getByRole('group', { name: 'Actions' })
    .getByRole('button', { name: label, exact: true })
    .click();
}

export default {
  name: 'three CAB members hold a meeting in the portal, and a release ships from it',
  async run({ page, appUrl, backendUrl, screenshot }) {
    const run = Date.now().toString(36);
    const sso = `SSO for partners ${run}`;
    const limits = `Rate limits ${run}`;
    const ssoKey = await backlogRfc(backendUrl, sso, 'identity-service');
    const limitsKey = await backlogRfc(backendUrl, limits, 'api-gateway');

    // 1. Tomasz sees the backlog and calls a meeting.
    await openAs(
      page,
      appUrl,
      TOMASZ.name,
      `/itsm/release-management?service=${encodeURIComponent(SERVICE)}`,
    );
    await page.getByRole('row').filter({ hasText: sso }).waitFor();
    await checkAccessibility(
      page,
      'release management (backlogs and CAB meetings)',
    );
    await page.getByRole('button', { name: 'Call CAB meeting' }).click();
    await page.getByLabel('Meeting date').fill(localDateTime(2 * 24 * 60));
    await page.getByLabel('Submission deadline').fill(localDateTime(24 * 60));
    await page.getByRole('button', { name: 'Call meeting' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: /^CAB-\d+/ }).waitFor();
    const cabKey = /^(CAB-\d+)/.exec(await heading.innerText())?.[1];
    expect(cabKey, 'the board shows the meeting key');
    const boardPath = `/itsm/cab-meetings/${cabKey}`;

    // 2. He puts both RFCs on the agenda with estimates, and votes.
    for (const key of [ssoKey, limitsKey]) {
      await page.getByRole('button', { name: 'Add RFC to agenda' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: /RFC of the backlog/ }).click();
      await page.getByRole('option', { name: new RegExp(`^${key} `) }).click();
      await dialog.getByLabel('Effort estimate (days)').fill('3');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await tally(page, key).waitFor();
    }
    await vote(page, ssoKey, 'Include');
    await vote(page, limitsKey, 'Reject');
    await tally(page, ssoKey)
      .filter({ hasText: 'include 1 · reject 0' })
      .waitFor();
    await screenshot('cab-agenda');
    await checkAccessibility(page, 'a CAB meeting with its agenda');

    // 3. Ines votes the same way: two of three decide both RFCs.
    await openAs(page, appUrl, INES.name, boardPath);
    await vote(page, ssoKey, 'Include');
    await vote(page, limitsKey, 'Reject');
    await tally(page, ssoKey).filter({ hasText: 'Included' }).waitFor();
    await tally(page, limitsKey).filter({ hasText: 'Rejected' }).waitFor();

    // 4. Hana defers: still two of three.
    await openAs(page, appUrl, HANA.name, boardPath);
    await vote(page, ssoKey, 'Defer');
    await tally(page, ssoKey)
      .filter({ hasText: 'include 2 · reject 0 · defer 1' })
      .waitFor();
    expect(
      (await page.getByRole('button', { name: 'Close meeting' }).count()) === 0,
      'a member who is not the release coordinator must not be offered Close',
    );

    // 5. Tomasz closes the meeting: minutes, a release with the included RFC.
    await openAs(page, appUrl, TOMASZ.name, boardPath);
    await page.getByRole('button', { name: 'Close meeting' }).click();
    const closing = page.getByRole('dialog');
    await closing.getByLabel('Next meeting').fill(localDateTime(30 * 24 * 60));
    await closing.getByRole('button', { name: 'Close meeting' }).click();
    const decisions = page.getByRole('list', { name: 'Decisions' });
    await decisions.filter({ hasText: `${ssoKey} ${sso}: Included` }).waitFor();
    await decisions
      .filter({ hasText: `${limitsKey} ${limits}: Rejected` })
      .waitFor();
    await screenshot('cab-minutes');
    await checkAccessibility(page, 'a closed CAB meeting with minutes');
    const rejected = await itsmApi(
      backendUrl,
      'daniel.kim',
      'GET',
      `/changes/${limitsKey}`,
    );
    expect(
      rejected.body.state === 'rejected',
      `${limitsKey} is ${rejected.body.state}, not rejected`,
    );
    const releaseLink = page.getByRole('link', { name: /^REL-\d+$/ }).first();
    const releaseKey = (await releaseLink.innerText()).trim();
    await releaseLink.click();
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: releaseKey })
      .waitFor();

    // 6. Within budget, coordination starts and the plan gets a change.
    const release = await itsmApi(
      backendUrl,
      TOMASZ.user,
      'GET',
      `/releases/${releaseKey}`,
    );
    const budget = await itsmApi(
      backendUrl,
      TOMASZ.user,
      'PATCH',
      `/releases/${releaseKey}`,
      { version: release.body.version, withinBudget: true },
    );
    expect(budget.status === 200, `within budget: ${budget.status}`);
    await page.reload();
    await takeStep(page, 'Start coordination (within budget)');
    await page.getByLabel('State: Coordinating').first().waitFor();
    await page.getByRole('button', { name: 'Add change to plan' }).click();
    const planning = page.getByRole('dialog');
    await planning.getByLabel('Title').fill(`Roll out SSO ${run}`);
    await planning
      .getByLabel('Change coordinator')
      .fill(`user:default/${TOMASZ.user}`);
    await planning.getByLabel('Duration (days)').fill('2');
    await planning.getByRole('button', { name: 'Add change' }).click();
    const timeline = page.getByRole('list', { name: 'Release plan timeline' });
    await timeline
      .getByRole('listitem')
      .filter({ hasText: 'Roll out SSO' })
      .waitFor();
    await screenshot('release-plan');
    await checkAccessibility(page, 'a release with its plan');
    const plan = await itsmApi(
      backendUrl,
      TOMASZ.user,
      'GET',
      `/releases/${releaseKey}/plan`,
    );
    const planned = plan.body.changes[0];
    const change = await itsmApi(
      backendUrl,
      TOMASZ.user,
      'GET',
      `/changes/${planned.key}`,
    );
    // The rollout turned out not to be needed as a separate change.
    const cancelled = await itsmApi(
      backendUrl,
      TOMASZ.user,
      'POST',
      `/changes/${planned.key}/transitions`,
      {
        to: 'cancelled',
        version: change.body.version,
        reason: 'done with the identity-service deploy',
      },
    );
    expect(
      cancelled.status === 200,
      `cancel ${planned.key}: ${cancelled.status}`,
    );

    // 7. Coordination ends with the RFC met; it closes fulfilled; the review closes the release.
    await page.reload();
    await takeStep(page, 'Start post-implementation review');
    const review = page.getByRole('dialog');
    await review.getByLabel('RFCs fulfilled').fill(ssoKey);
    await review
      .getByRole('button', {
        name: `Start post-implementation review ${releaseKey}`,
      })
      .click();
    await page.getByLabel('State: Reviewing').first().waitFor();
    await page.goto(`${appUrl}/itsm/changes/${ssoKey}`);
    await takeStep(page, 'Close as fulfilled');
    await page.getByLabel('State: Closed').first().waitFor();
    await page.goto(`${appUrl}/itsm/releases/${releaseKey}`);
    await takeStep(page, 'Close (review published)');
    const publish = page.getByRole('dialog');
    await publish
      .getByLabel('Improvement suggestions')
      .fill('Estimate identity work with the platform team present.');
    await publish
      .getByRole('button', { name: `Close (review published) ${releaseKey}` })
      .click();
    await page.getByLabel('State: Closed').first().waitFor();
    await page
      .getByText('Estimate identity work with the platform team present.', {
        exact: true,
      })
      .waitFor();
    await screenshot('release-shipped');
  },
};
