import {
  checkAccessibility,
  choose,
  expect,
  itsmApi,
  localDateTime,
  openSignedIn,
} from '../lib.mjs';

const ENTITY = '/catalog/default/component/checkout-web/itsm';

export default {
  name: 'an outage still open when its incident is resolved ends then, and availability stops falling',
  async run({ page, appUrl, backendUrl, screenshot }) {
    await openSignedIn(page, appUrl, ENTITY);
    await page.getByRole('link', { name: 'Report incident' }).first().click();
    await page
      .getByLabel('Title')
      .first()
      .fill('Checkout is down (open outage)');
    await choose(page, 'Impact', 'High');
    await choose(page, 'Urgency', 'High');
    await choose(page, 'Outage', 'Down');
    // Started 20 minutes ago, no end yet: the service is still down.
    await page.getByLabel('Outage start').fill(localDateTime(-20));
    await page.getByRole('button', { name: /^Create incident/ }).click();

    const heading = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: 'Checkout is down (open outage)' });
    await heading.waitFor();
    const key = /^(INC-\d+)/.exec(await heading.innerText())?.[1];
    expect(key, 'the detail page shows the new incident key');
    await page.getByText('(ongoing)').first().waitFor();

    await page.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    const end = dialog.getByLabel('Outage ended at');
    await end.waitFor();
    // Defaulted to now (to the minute, in the browser's time).
    const defaulted = await end.inputValue();
    const minutesAgo = (Date.now() - new Date(defaulted).getTime()) / 60_000;
    expect(
      minutesAgo >= 0 && minutesAgo < 3,
      `the outage end defaults to now, got ${defaulted}`,
    );
    await screenshot('resolve-dialog-outage-end');
    await checkAccessibility(page, 'the resolve dialog with an open outage');
    // The service came back five minutes ago.
    await end.fill(localDateTime(-5));
    await choose(page, 'Resolution code', 'Fixed', dialog);
    await dialog.getByRole('button', { name: /Resolve/ }).click();
    await page.getByText('Resolved', { exact: true }).first().waitFor();
    await screenshot('incident-resolved-outage-ended');

    const stored = await itsmApi(
      backendUrl,
      'hana.sato',
      'GET',
      `/incidents/${key}`,
    );
    expect(stored.status === 200, `reading ${key}: ${stored.status}`);
    const { outage } = stored.body;
    expect(outage?.end, `the outage has an end: ${JSON.stringify(outage)}`);
    const lasted = (Date.parse(outage.end) - Date.parse(outage.start)) / 60_000;
    expect(
      lasted > 13 && lasted < 17,
      `the outage lasted about 15 minutes, not until now: ${lasted} min`,
    );
    // The details show the outage with its end (the history still says it
    // was ongoing before the resolve).
    await page
      .getByText(/^Down from .+ to .+$/)
      .first()
      .waitFor();
    expect(
      (await page.getByText(/^Down from .+\(ongoing\)$/).count()) === 0,
      'the details no longer show the outage as ongoing',
    );
  },
};
