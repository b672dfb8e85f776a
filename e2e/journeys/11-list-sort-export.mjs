import fs from 'node:fs';
import path from 'node:path';
import { checkAccessibility, expect, itsmApi, openAs } from '../lib.mjs';

// A record list keeps its order, page and page size in the URL (Back from
// a record returns to the same place), sorts the whole list on the server,
// and exports every matching record as CSV.
const DESK = { user: 'sam.rivera', name: 'Sam Rivera' };
const SERVICE = 'component:default/payments-api';
const COUNT = 30;
const LEVELS = ['high', 'medium', 'low'];

/** The priorities of the rows shown, top to bottom. */
async function priorities(page) {
  return page
    .getByRole('table')
    .getByLabel(/^Priority P\d$/)
    .evaluateAll(cells => cells.map(c => c.getAttribute('aria-label')));
}

/** Whether the priorities are in the order P1 first. */
const ascending = list => list.every((p, i) => i === 0 || list[i - 1] <= p);

export default {
  name: 'the service desk sorts the incidents by priority, pages, comes back from a record to the same page, and exports the list as CSV',
  async run({ page, appUrl, backendUrl, screenshot }) {
    // Incidents of this run only (found by a word of their titles), with
    // every priority, registered through the API.
    const tag = `sortrun${Date.now().toString(36)}`;
    for (let i = 0; i < COUNT; i++) {
      const created = await itsmApi(
        backendUrl,
        DESK.user,
        'POST',
        '/incidents',
        {
          title: `List ${tag} number ${i}`,
          entityRefs: [SERVICE],
          impact: LEVELS[i % 3],
          urgency: LEVELS[Math.floor(i / 3) % 3],
        },
      );
      expect(
        created.status === 201,
        `incident: ${JSON.stringify(created.body)}`,
      );
    }

    await openAs(page, appUrl, DESK.name, `/itsm/incidents?q=${tag}`);
    await page.getByText(`1–${COUNT} of ${COUNT}`).waitFor();

    // Sort by priority: the server orders all of them, P1 first.
    await page.getByRole('button', { name: 'Priority', exact: true }).click();
    await page.waitForURL(/sort=priority/);
    const priorityHeader = page.getByRole('columnheader', {
      name: /^Priority/,
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('th')].some(
        th => th.getAttribute('aria-sort') === 'ascending',
      ),
    );
    expect(
      (await priorityHeader.getAttribute('aria-sort')) === 'ascending',
      'the priority header says ascending',
    );
    const all = await priorities(page);
    expect(all.length === COUNT && ascending(all), `order: ${all.join(' ')}`);

    // 25 a page, then page 2.
    await page.getByRole('button', { name: /Rows per page/ }).click();
    await page.getByRole('option', { name: '25', exact: true }).click();
    await page.waitForURL(/size=25/);
    await page.getByText(`1–25 of ${COUNT}`).waitFor();
    const first = await priorities(page);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`26–${COUNT} of ${COUNT}`).waitFor();
    const second = await priorities(page);
    expect(
      ascending([...first, ...second]) && second.length === COUNT - 25,
      `pages: ${first.join(' ')} | ${second.join(' ')}`,
    );
    const listUrl = page.url();
    expect(
      /sort=priority/.test(listUrl) &&
        /size=25/.test(listUrl) &&
        /cursor=/.test(listUrl) &&
        /offset=25/.test(listUrl),
      `list URL ${listUrl}`,
    );
    await screenshot('list-sorted-page-2');
    await checkAccessibility(page, 'a sorted incident list on its second page');

    // A record, and Back: the same order, page and size.
    const link = page
      .getByRole('table')
      .getByRole('link', { name: /^INC-\d+$/ })
      .first();
    const key = await link.textContent();
    await link.click();
    await page.getByText(`List ${tag}`).first().waitFor();
    expect(
      page.url().endsWith(`/itsm/incidents/${key}`),
      `record ${page.url()}`,
    );
    await page.goBack();
    await page.getByText(`26–${COUNT} of ${COUNT}`).waitFor();
    expect(page.url() === listUrl, `back at ${page.url()}, not ${listUrl}`);
    expect(
      (await priorities(page)).join() === second.join(),
      'page 2 shows the same rows',
    );
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText(`1–25 of ${COUNT}`).waitFor();

    // The whole list as CSV: the header and every row, not one page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const target = path.join(
      path.dirname(await screenshot('list-exported')),
      download.suggestedFilename(),
    );
    await download.saveAs(target);
    const lines = fs.readFileSync(target, 'utf8').split('\r\n').filter(Boolean);
    expect(
      lines[0] ===
        '"key","title","state","priority","entities","assigned group","assignee","created","updated"',
      `CSV header: ${lines[0]}`,
    );
    expect(
      lines.length - 1 === COUNT,
      `CSV has ${lines.length - 1} rows, the list ${COUNT}`,
    );
    const csvPriorities = lines.slice(1).map(l => l.split('","')[3]);
    expect(
      ascending(csvPriorities.map(p => `Priority ${p}`)),
      `CSV order: ${csvPriorities.join(' ')}`,
    );
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
  },
};
