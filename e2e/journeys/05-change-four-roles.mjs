import {
  checkAccessibility,
  choose,
  ensureActiveSla,
  expect,
  itsmApi,
  openAs,
} from '../lib.mjs';

// One RFC walked through by the people the demo catalog gives the roles
// (examples/demo-catalog.yaml, app-config.yaml itsm.roles), each signed in
// through the development sign-in page, each offered only their own steps.
const NOTIFICATIONS = 'component:default/notification-service';
const FEATURE_FLAGS = 'component:default/feature-flags';
const CUSTOMER_SUCCESS = 'group:default/customer-success';
const PLATFORM = 'group:default/platform-team';

const REQUESTER = { user: 'daniel.kim', name: 'Daniel Kim' };
const COORDINATOR = { user: 'tomasz.nowak', name: 'Tomasz Nowak' };
const MANAGER = { user: 'nadia.haddad', name: 'Nadia Haddad' };
const CUSTOMER = { user: 'rachel.adeyemi', name: 'Rachel Adeyemi' };
const OWNER = { user: 'ines.duarte', name: 'Ines Duarte' };

/** Next Wednesday at this local hour, as a datetime-local value (inside business hours). */
function nextWednesday(hour) {
  const d = new Date();
  d.setDate(d.getDate() + ((3 - d.getDay() + 7) % 7 || 7));
  d.setHours(hour, 0, 0, 0);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:00`;
}

/**
 * An active SLA in which Customer Success is the customer of the
 * notification service, set up through the API with demo tokens (once; the
 * portal keeps its records): the service level manager registers it, the
 * service owner and the customer representative sign it.
 */
async function ensureCustomerSla(backendUrl) {
  await ensureActiveSla(backendUrl, {
    entityRef: NOTIFICATIONS,
    manager: 'hana.sato',
    isIt: s => s.customerGroup === CUSTOMER_SUCCESS,
    body: {
      title: 'Shopper notifications for Customer Success',
      entityRefs: [NOTIFICATIONS],
      customerGroup: CUSTOMER_SUCCESS,
      serviceOwnerGroup: PLATFORM,
      targets: {
        availabilityPercent: 99.5,
        responseMinutes: { P1: 30, P2: 60, P3: 480, P4: 960 },
        resolutionMinutes: { P1: 480, P2: 960, P3: 2880, P4: 7200 },
      },
      calendar: 'business-hours-eu',
      term: 'monthly',
    },
    // Jonas belongs to Customer Success but does not represent it.
    beforeSigning: async key => {
      const jonas = await itsmApi(
        backendUrl,
        'jonas.berg',
        'POST',
        `/slas/${key}/signatures`,
        { role: 'customer' },
      );
      expect(
        jonas.status === 403,
        `a non-representative signed: ${jonas.status}`,
      );
    },
    signers: [
      [OWNER.user, 'serviceOwner'],
      [CUSTOMER.user, 'customer'],
    ],
  });
}

/**
 * Checks the steps the page offers the signed-in user once their roles are
 * known: the offered steps show together, when the roles have loaded; with
 * none offered, the steps "taken by others" show instead.
 */
async function expectSteps(page, who, { offered = [], hidden = [] }) {
  const actions = page.getByRole('group', { name: 'Actions' });
  if (offered.length > 0) {
    await actions
      .getByRole('button', { name: offered[0], exact: true })
      .waitFor();
  } else {
    await page.getByRole('list', { name: 'Taken by others' }).waitFor();
  }
  const steps = (await actions.getByRole('button').allTextContents()).map(s =>
    s.trim(),
  );
  for (const step of offered) {
    expect(
      steps.includes(step),
      `${who} should be offered "${step}": ${steps}`,
    );
  }
  for (const step of hidden) {
    expect(!steps.includes(step), `${who} must not be offered "${step}"`);
  }
}

async function takeStep(page, label, nextState) {
  await page
    .getByRole('group', { name: 'Actions' })
    .getByRole('button', { name: label, exact: true })
    .click();
  await page.getByLabel(`State: ${nextState}`).first().waitFor();
}

/** The Approvals card offers no decision, and says who decides instead. */
async function expectNoDecision(page, who) {
  const approvals = page.getByRole('region', { name: 'Approvals' });
  await approvals.getByText(/^Approve or reject:/).waitFor();
  expect(
    (await approvals.getByRole('button', { name: 'Approve' }).count()) === 0,
    `${who} must not be offered Approve`,
  );
}

async function approve(page) {
  const approvals = page.getByRole('region', { name: 'Approvals' });
  await approvals.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Approve/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function pendingApprovers(backendUrl, key) {
  const res = await itsmApi(
    backendUrl,
    MANAGER.user,
    'GET',
    `/changes/${key}/approvals`,
  );
  return [...res.body.pending].sort();
}

export default {
  name: 'one RFC walked through by its requester, change coordinator, change manager, customer representative and service owner, each offered only their steps',
  async run({ page, appUrl, backendUrl, screenshot }) {
    await ensureCustomerSla(backendUrl);

    // 1. The requester files the RFC and submits it.
    await openAs(
      page,
      appUrl,
      REQUESTER.name,
      `/itsm/changes/new?entityRef=${NOTIFICATIONS},${FEATURE_FLAGS}`,
    );
    await page
      .getByLabel('Title')
      .first()
      .fill('Move notification templates to the feature-flag service');
    await choose(page, 'Change type', 'Normal');
    await choose(page, 'Service impact during service hours', 'Degraded');
    await page.getByLabel('Planned start').fill(nextWednesday(10));
    await page.getByLabel('Planned end').fill(nextWednesday(11));
    await page
      .getByLabel('Implementation plan')
      .fill('Deploy the new template loader behind a flag, switch it on.');
    await page.getByLabel('Test plan').fill('Send one e-mail of each kind.');
    await page.getByLabel('Backout plan').fill('Switch the flag off.');
    await page.getByRole('button', { name: /^Create change/ }).click();
    const heading = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: 'Move notification templates' });
    await heading.waitFor();
    const key = /^(CHG-\d+)/.exec(await heading.innerText())?.[1];
    expect(key, 'the detail page shows the new change key');
    const changePath = `/itsm/changes/${key}`;
    await expectSteps(page, 'the requester', {
      offered: ['Submit for review'],
      hidden: ['Register for planning', 'Schedule'],
    });
    await takeStep(page, 'Submit for review', 'Review');
    await expectSteps(page, 'the requester in review', {
      offered: ['Cancel'],
      hidden: ['Register for planning', 'Reject'],
    });
    await screenshot('requester-submitted');

    // 2. The change coordinator of the Platform domain registers and plans it.
    await openAs(page, appUrl, COORDINATOR.name, changePath);
    await expectSteps(page, 'the change coordinator', {
      offered: ['Register for planning', 'Reject'],
    });
    await takeStep(page, 'Register for planning', 'Planning');
    await expectSteps(page, 'the change coordinator in planning', {
      offered: ['Request approval'],
    });
    await takeStep(page, 'Request approval', 'Approval');
    await expectSteps(page, 'the change coordinator in approval', {
      offered: ['Cancel'],
      hidden: ['Schedule', 'Send back to planning', 'Reject'],
    });
    await screenshot('coordinator-requested-approval');

    // The customer (SLA) and the owner of the uncovered flag service approve.
    expect(
      JSON.stringify(await pendingApprovers(backendUrl, key)) ===
        JSON.stringify([CUSTOMER_SUCCESS, PLATFORM]),
      `pending approvers of ${key}: ${await pendingApprovers(backendUrl, key)}`,
    );

    // 3. The change manager may send back or reject, but approves nothing;
    // Schedule is not offered while approvals are pending (issue 21).
    await openAs(page, appUrl, MANAGER.name, changePath);
    await expectSteps(page, 'the change manager', {
      offered: ['Send back to planning', 'Reject'],
      hidden: ['Cancel', 'Request approval', 'Schedule'],
    });
    await expectNoDecision(page, 'the change manager');
    const refused = await itsmApi(
      backendUrl,
      MANAGER.user,
      'POST',
      `/changes/${key}/approvals`,
      { decision: 'approve' },
    );
    expect(
      refused.status === 403,
      `the change manager approved for a customer: ${refused.status}`,
    );
    await screenshot('change-manager-steps');
    await checkAccessibility(page, 'a change in approval');

    // 4. The customer representative approves for Customer Success.
    await openAs(page, appUrl, CUSTOMER.name, changePath);
    await expectSteps(page, 'the customer representative', {
      hidden: ['Schedule', 'Send back to planning', 'Request approval'],
    });
    await approve(page);
    await expectNoDecision(
      page,
      'the customer representative, having approved',
    );
    expect(
      JSON.stringify(await pendingApprovers(backendUrl, key)) ===
        JSON.stringify([PLATFORM]),
      `still pending after the customer: ${await pendingApprovers(
        backendUrl,
        key,
      )}`,
    );
    await screenshot('customer-approved');

    // 5. The service owner's approval is the last: the change is scheduled.
    await openAs(page, appUrl, OWNER.name, changePath);
    await expectSteps(page, 'the service owner', {
      hidden: ['Schedule', 'Send back to planning', 'Request approval'],
    });
    await approve(page);
    await page.getByLabel('State: Scheduled').first().waitFor();
    const done = await itsmApi(
      backendUrl,
      OWNER.user,
      'GET',
      `/changes/${key}`,
    );
    expect(
      done.body.state === 'scheduled',
      `${key} should be scheduled: ${done.body.state}`,
    );
    await screenshot('service-owner-approved-scheduled');
  },
};
