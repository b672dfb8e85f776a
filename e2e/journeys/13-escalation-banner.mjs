import {
  checkAccessibility,
  ensureActiveSla,
  expect,
  itsmApi,
  openAs,
} from '../lib.mjs';

// An outage past the resolution target of an SLA is escalated to the SLA's
// service owner by the SLA sweep (every minute). The incident page says so
// in a banner at its top: the service owner acknowledges it there, with a
// note; anyone else reads who may. The escalation is made here, through the
// API, so that the journey does not depend on the age of the demo data: an
// SLA with one-minute targets on the payout worker (once; the portal keeps
// its records), and a new incident with a down outage on it.
const PAYOUT_WORKER = 'component:default/payout-worker';
const PAYMENTS = 'group:default/payments-team';
const STOREFRONT = 'group:default/storefront-team';
const SLA_TITLE = 'Payout express (one-minute targets)';

// Amara (Payments) owns the payout worker: its service level manager and,
// as the SLA names Payments, the service owner escalations go to. Sofia
// (Storefront) is the customer, and reports the incident.
const OWNER = { user: 'amara.okafor', name: 'Amara Okafor' };
const REPORTER = { user: 'sofia.martins', name: 'Sofia Martins' };

const minutes = n => ({ P1: n, P2: n, P3: n, P4: n });

/** The active SLA with one-minute targets on the payout worker, made once. */
async function ensureExpressSla(backendUrl) {
  await ensureActiveSla(backendUrl, {
    entityRef: PAYOUT_WORKER,
    manager: OWNER.user,
    isIt: s => s.title === SLA_TITLE,
    body: {
      title: SLA_TITLE,
      entityRefs: [PAYOUT_WORKER],
      customerGroup: STOREFRONT,
      serviceOwnerGroup: PAYMENTS,
      targets: {
        availabilityPercent: 99,
        responseMinutes: minutes(1),
        resolutionMinutes: minutes(1),
      },
      calendar: '24x7',
      term: 'monthly',
    },
    signers: [
      [OWNER.user, 'serviceOwner'],
      [REPORTER.user, 'customer'],
    ],
  });
}

/** Waits (up to 3 minutes) until the sweep escalated the incident. */
async function waitForEscalation(backendUrl, key) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const res = await itsmApi(
      backendUrl,
      REPORTER.user,
      'GET',
      `/incidents/${key}`,
    );
    expect(res.status === 200, `reading ${key}: ${res.status}`);
    if (res.body.escalated) return res.body;
    expect(Date.now() < deadline, `${key} was not escalated within 3 minutes`);
    await new Promise(r => setTimeout(r, 5000));
  }
}

export default {
  name: 'the service owner acknowledges an escalated outage from the banner of its incident',
  async run({ page, appUrl, backendUrl, screenshot }) {
    await ensureExpressSla(backendUrl);
    const created = await itsmApi(
      backendUrl,
      REPORTER.user,
      'POST',
      '/incidents',
      {
        title: 'Payouts stuck in the queue',
        entityRefs: [PAYOUT_WORKER],
        impact: 'high',
        urgency: 'high',
        serviceType: 'infrastructure_restoration',
        outage: {
          kind: 'down',
          start: new Date(Date.now() - 10 * 60_000).toISOString(),
        },
      },
    );
    expect(created.status === 201, `incident: ${JSON.stringify(created.body)}`);
    const { key } = created.body;
    console.log(`  waiting for the sweep to escalate ${key}`);
    const escalated = await waitForEscalation(backendUrl, key);
    expect(
      escalated.escalatedTo === PAYMENTS && !escalated.escalationAcknowledgedBy,
      `escalated to Payments, unacknowledged: ${JSON.stringify(escalated)}`,
    );

    // Sofia holds neither role: she reads who acknowledges, with no button.
    await openAs(page, appUrl, REPORTER.name, `/itsm/incidents/${key}`);
    const banner = page.getByRole('status', { name: 'Escalation' });
    await banner
      .getByText(/^Escalated to payments-team at .+: outage down since /)
      .waitFor();
    await banner
      .getByText(
        'Awaiting acknowledgement by the service owner (group:default/payments-team) or on-duty manager (group:default/platform-team)',
      )
      .waitFor();
    expect(
      (await banner.getByRole('button').count()) === 0,
      'Sofia must not be offered Acknowledge',
    );
    // The breached targets stand beside it, with the group coordinator's decision.
    await page
      .getByRole('status', { name: 'SLA targets' })
      .getByText(/^Resolution target of SLA-\d+ breached at /)
      .first()
      .waitFor();
    await screenshot('escalation-banner-awaiting');
    await checkAccessibility(page, 'an escalated incident, as the reporter');

    // Amara, of the service owner group, acknowledges it with a note.
    await openAs(page, appUrl, OWNER.name, `/itsm/incidents/${key}`);
    const ownerBanner = page.getByRole('status', { name: 'Escalation' });
    await ownerBanner.getByRole('button', { name: 'Acknowledge' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('Note (optional)')
      .fill('Paging the payout on-call');
    await screenshot('escalation-acknowledge-dialog');
    await checkAccessibility(page, 'the acknowledge dialog');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ownerBanner
      .getByText(
        /^Acknowledged by amara\.okafor at .+: “Paging the payout on-call”$/,
      )
      .waitFor();
    expect(
      (await ownerBanner.getByRole('button').count()) === 0,
      'nothing is offered once acknowledged',
    );
    await page
      .getByText('Escalation acknowledged: “Paging the payout on-call”')
      .first()
      .waitFor();
    await screenshot('escalation-banner-acknowledged');
    await checkAccessibility(page, 'an acknowledged escalation');

    const stored = await itsmApi(
      backendUrl,
      REPORTER.user,
      'GET',
      `/incidents/${key}`,
    );
    expect(
      stored.body.escalationAcknowledgedBy === 'user:default/amara.okafor',
      `acknowledged by Amara: ${JSON.stringify(stored.body)}`,
    );
    const history = await itsmApi(
      backendUrl,
      REPORTER.user,
      'GET',
      `/incidents/${key}/history`,
    );
    const entries = history.body.items.filter(
      h => h.action === 'escalation-acknowledged',
    );
    expect(
      entries.length === 1 &&
        entries[0].actor === 'user:default/amara.okafor' &&
        entries[0].to?.note === 'Paging the payout on-call',
      `one acknowledgement in the history: ${JSON.stringify(entries)}`,
    );
    // A second acknowledgement is refused, naming who acknowledged.
    const again = await itsmApi(
      backendUrl,
      OWNER.user,
      'POST',
      `/incidents/${key}/escalation-acknowledgement`,
      {},
    );
    expect(
      again.status === 409 &&
        /already acknowledged by user:default\/amara\.okafor/.test(
          again.body.error?.message,
        ),
      `a second acknowledgement: ${again.status} ${JSON.stringify(again.body)}`,
    );
  },
};
