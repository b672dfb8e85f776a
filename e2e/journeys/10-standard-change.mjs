import {
  checkAccessibility,
  choose,
  expect,
  itsmApi,
  openSignedIn,
} from '../lib.mjs';

export default {
  name: 'a developer files a standard change by picking its template from the catalogue, and it needs no approval',
  async run({ page, appUrl, backendUrl, screenshot }) {
    await openSignedIn(
      page,
      appUrl,
      '/catalog/default/component/checkout-web/itsm',
    );
    await page.getByRole('link', { name: 'File RFC' }).first().click();
    await page
      .getByLabel('Title')
      .first()
      .fill('Rotate the checkout-web certificates');
    await choose(page, 'Change type', 'Standard');
    // The catalogue lists every template by its title, with its approval.
    await page.getByRole('button', { name: /^Template/ }).click();
    const listbox = page.getByRole('listbox');
    await listbox
      .getByRole('option', {
        name: 'Backward-compatible database schema migration (needs approval)',
      })
      .waitFor();
    await screenshot('standard-change-catalogue');
    await listbox
      .getByRole('option', {
        name: 'Rotate TLS certificates (pre-approved: no approval)',
      })
      .click();
    await checkAccessibility(page, 'the standard change form');
    await page.getByRole('button', { name: /^Create change/ }).click();

    const heading = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: 'Rotate the checkout-web certificates' });
    await heading.waitFor();
    const key = /^(CHG-\d+)/.exec(await heading.innerText())?.[1];
    expect(key, 'the detail page shows the new change key');
    await screenshot('standard-change-created');

    const stored = await itsmApi(
      backendUrl,
      'hana.sato',
      'GET',
      `/changes/${key}`,
    );
    expect(stored.status === 200, `reading ${key}: ${stored.status}`);
    expect(
      stored.body.template === 'certificate-rotation',
      `the change names the template by its id: ${stored.body.template}`,
    );
    expect(
      stored.body.changeType === 'standard',
      `a standard change: ${stored.body.changeType}`,
    );
  },
};
