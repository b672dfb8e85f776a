import { checkAccessibility, openSignedIn, expect } from '../lib.mjs';

export default {
  name: 'guest signs in and opens ITSM from the sidebar',
  async run({ page, appUrl, screenshot }) {
    await openSignedIn(page, appUrl, '/');
    await page.getByRole('link', { name: 'ITSM' }).first().click();
    await page.getByRole('heading', { name: 'ITSM', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname === '/itsm', `landed on ${page.url()}`);
    for (const name of [
      'Incidents',
      'Problems',
      'Changes',
      'Releases',
      'SLAs',
    ]) {
      await page.getByRole('link', { name: `Open ${name}` }).waitFor();
    }
    await page.getByRole('region', { name: 'Open incidents' }).waitFor();
    await screenshot('itsm-home');
    await checkAccessibility(page, 'the ITSM home');
  },
};
