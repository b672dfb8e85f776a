import fs from 'node:fs';
import path from 'node:path';
import { checkAccessibility, expect, openSignedIn } from '../lib.mjs';

/** The month before this one, YYYY-MM. */
function previousMonth() {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export default {
  name: 'a service owner opens the term report of an SLA and downloads it as CSV',
  async run({ page, appUrl, screenshot }) {
    await openSignedIn(page, appUrl, '/itsm/slas');
    await page.getByRole('heading', { name: 'SLAs', level: 1 }).waitFor();
    await page
      .getByRole('link', { name: 'SLA-1', exact: true })
      .first()
      .waitFor();
    await checkAccessibility(page, 'the SLA list');
    // Keyboard focus shows as an outline: Tab from the text filter to Apply.
    await page.getByRole('searchbox', { name: 'Text' }).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const style = getComputedStyle(element);
      return {
        text: element.textContent,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
      };
    });
    expect(
      focused.text === 'Apply' && /^solid [2-9]/.test(focused.outline),
      `the focused button shows no outline: ${JSON.stringify(focused)}`,
    );
    await page
      .getByRole('link', { name: 'SLA-1', exact: true })
      .first()
      .click();
    await page.getByText('Card payments for the Storefront').first().waitFor();

    const term = previousMonth();
    await page.getByRole('textbox', { name: 'Term' }).fill(term);
    await page.getByRole('button', { name: 'Show report' }).click();
    const report = page.getByRole('region', { name: 'Term report' });
    await report.getByText(`Report ${term}`).waitFor();
    await report
      .getByRole('link', { name: /payments-api/ })
      .first()
      .waitFor();
    await screenshot('sla-term-report');
    await checkAccessibility(page, 'an SLA with its term report');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(
      download.suggestedFilename() === `SLA-1-${term}.csv`,
      `file name ${download.suggestedFilename()}`,
    );
    const target = path.join(
      path.dirname(await screenshot('sla-downloaded')),
      `SLA-1-${term}.csv`,
    );
    await download.saveAs(target);
    const csv = fs.readFileSync(target, 'utf8');
    expect(
      csv.startsWith('"sla","term","section"'),
      `CSV header: ${csv.slice(0, 60)}`,
    );
  },
};
