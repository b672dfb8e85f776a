import {
  availabilityFigure,
  checkAccessibility,
  choose,
  expect,
  localDateTime,
  openSignedIn,
} from '../lib.mjs';

const ENTITY = '/catalog/default/component/checkout-web/itsm';

/** The catalog's entity page around the ITSM tab (not the plugin's). */
const ENTITY_PAGE_SHELL = ['header', '[role="tablist"]'];

export default {
  name: 'someone reports an outage on an entity, sees it on the ITSM tab, resolves it, and availability drops',
  async run({ page, appUrl, screenshot }) {
    await openSignedIn(page, appUrl, ENTITY);
    await page.getByText('Open incidents', { exact: true }).first().waitFor();
    const before = await availabilityFigure(page);
    await screenshot('entity-tab-before');
    await checkAccessibility(page, 'the ITSM tab of an entity', {
      outside: ENTITY_PAGE_SHELL,
    });

    await page.getByRole('link', { name: 'Report incident' }).first().click();
    await page.getByLabel('Title').first().fill('Checkout page returns 502');
    await choose(page, 'Impact', 'High');
    await choose(page, 'Urgency', 'High');
    await choose(page, 'Outage', 'Down');
    await page.getByLabel('Outage start').fill(localDateTime(-300));
    await page.getByLabel('Outage end').fill(localDateTime(-270));
    await screenshot('report-incident-form');
    await checkAccessibility(page, 'the new incident form');
    await page.getByRole('button', { name: /^Create incident/ }).click();

    const heading = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: 'Checkout page returns 502' });
    await heading.waitFor();
    const key = /^(INC-\d+)/.exec(await heading.innerText())?.[1];
    expect(key, 'the detail page shows the new incident key');
    await screenshot('incident-created');
    await checkAccessibility(page, 'an incident');

    // It appears on the entity's ITSM tab.
    await page.goto(`${appUrl}${ENTITY}`);
    await page.getByRole('link', { name: key, exact: true }).first().waitFor();

    // Resolve it straight away (the registrant's shortcut).
    await page.getByRole('link', { name: key, exact: true }).first().click();
    await page.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, 'Resolution code', 'Fixed', dialog);
    await dialog.getByRole('button', { name: /Resolve/ }).click();
    await page.getByText('Resolved', { exact: true }).first().waitFor();
    await screenshot('incident-resolved');

    await page.goto(`${appUrl}${ENTITY}`);
    await page.getByText('Open incidents', { exact: true }).first().waitFor();
    const after = await availabilityFigure(page);
    expect(
      after < before,
      `availability should drop after a 30-minute outage: ${before} -> ${after}`,
    );
    await screenshot('entity-tab-after');
  },
};
