import {
  checkAccessibility,
  choose,
  expect,
  localDateTime,
  openSignedIn,
} from '../lib.mjs';

/** Next Wednesday 10:00 local time, as a datetime-local value (inside business hours). */
function nextWednesday(hour) {
  const d = new Date();
  d.setDate(d.getDate() + ((3 - d.getDay() + 7) % 7 || 7));
  d.setHours(hour, 0, 0, 0);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:00`;
}

export default {
  name: 'a developer files an RFC against a demo database and sees its impact, approvers and place on the calendar',
  async run({ page, appUrl, screenshot }) {
    void localDateTime;
    await openSignedIn(
      page,
      appUrl,
      '/catalog/default/resource/ledger-db/itsm',
    );
    await page.getByRole('link', { name: 'File RFC' }).first().click();
    await page
      .getByLabel('Title')
      .first()
      .fill('Upgrade ledger-db to PostgreSQL 17');
    await choose(page, 'Change type', 'Normal');
    await choose(page, 'Service impact during service hours', 'Degraded');
    await page.getByLabel('Planned start').fill(nextWednesday(10));
    await page.getByLabel('Planned end').fill(nextWednesday(12));
    await page
      .getByLabel('Implementation plan')
      .fill('Fail over to the replica, pg_upgrade, fail back.');
    await page.getByLabel('Test plan').fill('Ledger reconciliation suite.');
    await page
      .getByLabel('Backout plan')
      .fill('Fail back to the untouched primary.');
    await screenshot('rfc-form');
    await checkAccessibility(page, 'the new change form');
    await page.getByRole('button', { name: /^Create change/ }).click();

    const heading = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: 'Upgrade ledger-db to PostgreSQL 17' });
    await heading.waitFor();
    const key = /^(CHG-\d+)/.exec(await heading.innerText())?.[1];
    expect(key, 'the detail page shows the new change key');

    // Impact, approvers and risk come from the catalog.
    const assessment = page.getByRole('region', { name: 'Assessment' });
    await assessment
      .getByText(/Risk: (Low|Medium|High|Very high)/)
      .first()
      .waitFor();
    for (const affected of ['ledger-service', 'payments-api', 'checkout-web']) {
      await assessment.getByText(affected).first().waitFor();
    }
    const text = await assessment.innerText();
    expect(/payments-team/.test(text), 'the payments team must approve');
    expect(
      /storefront-team/.test(text),
      'the storefront team, a customer, must approve',
    );
    await screenshot('rfc-assessment');
    await checkAccessibility(page, 'a change with its assessment');

    // Its place on the change calendar.
    await page.getByRole('link', { name: 'Open in calendar' }).click();
    await page
      .getByRole('heading', { name: 'Change calendar', level: 1 })
      .waitFor();
    await page
      .getByRole('link', { name: new RegExp(`^${key}\\b`) })
      .first()
      .waitFor();
    await screenshot('rfc-on-calendar');
    await checkAccessibility(page, 'the change calendar');
  },
};
