// Helpers shared by the browser journeys.
import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Opens a path of the portal, signing in as the demo guest when the sign-in
 * page shows up first (the demo user picker in development, else the guest
 * provider's Enter button). Resolves once the sidebar of the signed-in app
 * shows.
 */
export async function openSignedIn(page, appUrl, pathname) {
  await page.goto(`${appUrl}${pathname}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const pickGuest = page.getByRole('button', {
    name: 'Sign in as Guest (demo)',
  });
  const sidebar = page.getByRole('link', { name: 'Settings' });
  await Promise.race([
    enter.waitFor({ state: 'visible' }),
    pickGuest.waitFor({ state: 'visible' }),
    sidebar.waitFor({ state: 'visible' }),
  ]);
  if (await pickGuest.isVisible()) {
    console.log('  signing in as guest (demo sign-in)');
    await pickGuest.click();
  } else if (await enter.isVisible()) {
    console.log('  signing in as guest');
    await enter.click();
  }
  await sidebar.waitFor({ state: 'visible' });
}

/** The local storage key of the demo user the sign-in page picked. */
const DEMO_USER_KEY = 'itsm.demoUser';

/**
 * Opens a path of the portal signed in as a demo catalog user, picked by
 * display name on the development sign-in page (forgetting whoever was
 * signed in before).
 */
export async function openAs(page, appUrl, displayName, pathname) {
  await page.goto(`${appUrl}/`);
  await page.evaluate(key => localStorage.removeItem(key), DEMO_USER_KEY);
  await page.goto(`${appUrl}${pathname}`);
  console.log(`  signing in as ${displayName}`);
  await page
    .getByRole('button', { name: `Sign in as ${displayName}`, exact: true })
    .click();
  await page.getByRole('link', { name: 'Settings' }).waitFor();
}

/**
 * A Backstage token for a demo catalog user, from the development-only demo
 * auth provider (as README.md, "Acting as a demo user", shows with curl).
 */
export async function demoToken(backendUrl, user) {
  const res = await fetch(`${backendUrl}/api/auth/demo/refresh`, {
    headers: { 'x-itsm-demo-user': user },
  });
  if (!res.ok) {
    throw new Error(
      `demo sign-in as ${user} failed: ${res.status} ${await res.text()}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

/** Calls the ITSM API as a demo user; resolves to { status, body }. */
export async function itsmApi(backendUrl, user, method, path, body) {
  const token = await demoToken(backendUrl, user);
  const res = await fetch(`${backendUrl}/api/itsm${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/** Fails with a readable message unless the condition holds. */
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Chooses an option of a Material UI select by the select's label. */
export async function choose(page, label, option, within = page) {
  await within
    .getByRole('button', { name: new RegExp(`^${label}`) })
    .first()
    .click();
  // The options open in a popover outside the form (or dialog).
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A local date-time for a datetime-local input, minutes from now. */
export function localDateTime(minutesFromNow) {
  const d = new Date(Date.now() + minutesFromNow * 60_000);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/** Reads the availability figure (e.g. 99.72) of the Availability card of an entity tab. */
export async function availabilityFigure(page) {
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Last 30 days, daily' })
    .first();
  await card
    .getByText(/^[\d.]+\s*%$/)
    .first()
    .waitFor();
  const text = await card.innerText();
  const match = /Availability\s+([\d.]+)\s*%/.exec(text);
  if (!match)
    throw new Error(`No availability figure in: ${text.slice(0, 300)}`);
  return Number(match[1]);
}

/** axe-core's browser bundle, injected into the page by checkAccessibility. */
const AXE_SOURCE = createRequire(import.meta.url).resolve(
  'axe-core/axe.min.js',
);
let axeSource;

/** The axe impacts that fail a journey; minor and moderate ones are printed only. */
const FAILING_IMPACTS = ['serious', 'critical'];

/**
 * The parts of a page that the ITSM plugin does not render: the app's
 * sidebar (packages/app and Backstage's own plugins). Their violations are
 * printed but do not fail a journey.
 */
const APP_SHELL = ['nav[aria-label="sidebar nav"]'];

/**
 * Known violations of the ITSM pages, not fixed yet: one rule inside one
 * region each, printed as known and not failing, so that any other
 * violation (another rule, or the same rule elsewhere) still fails. The
 * first entry that matches names the part. Remove an entry once its part is
 * fixed.
 */
const KNOWN = [];

/**
 * Runs the axe accessibility rules (WCAG 2.x A and AA, and axe's best
 * practices) on what the page shows now, prints every violation, and fails
 * on serious or critical ones on the ITSM page. `what` names the page in the
 * output. Elements inside the app's sidebar, or inside the CSS selectors
 * given as `outside` (e.g. the catalog's entity header around the ITSM tab),
 * are reported as outside the plugin and do not fail, nor do the known
 * violations listed above. Resolves to the violations, each with `part`:
 * `itsm`, `outside` or `known`.
 */
export async function checkAccessibility(page, what, { outside = [] } = {}) {
  await page.evaluate(() => document.fonts?.ready);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Not page.addScriptTag: the backend's Content-Security-Policy refuses
    // inline scripts, and a journey should not turn it off. Code evaluated
    // through the DevTools protocol is not subject to it.
    axeSource ??= fs.readFileSync(AXE_SOURCE, 'utf8');
    await page.evaluate(axeSource);
  }
  const found = await page.evaluate(
    async ({ shell, known }) => {
      const results = await window.axe.run(document, {
        elementRef: true,
        resultTypes: ['violations'],
        runOnly: {
          type: 'tag',
          values: [
            'wcag2a',
            'wcag2aa',
            'wcag21a',
            'wcag21aa',
            'wcag22aa',
            'best-practice',
          ],
        },
      });
      const partOf = (rule, element) => {
        if (!element) return { part: 'itsm' };
        if (shell.some(selector => element.closest(selector))) {
          return { part: 'outside' };
        }
        const entry = known.find(
          k => k.rule === rule && element.closest(k.within),
        );
        return entry ? { part: 'known', where: entry.where } : { part: 'itsm' };
      };
      const groups = new Map();
      for (const v of results.violations) {
        for (const n of v.nodes) {
          const { part, where } = partOf(v.id, n.element);
          const id = `${v.id}|${part}|${where ?? ''}`;
          if (!groups.has(id)) {
            groups.set(id, {
              id: v.id,
              impact: v.impact,
              help: v.help,
              part,
              where,
              nodes: [],
            });
          }
          groups.get(id).nodes.push({
            target: n.target.join(' '),
            html: n.html.slice(0, 200),
            // e.g. "insufficient color contrast of 3.2 (foreground color: ...)"
            why: (n.failureSummary ?? '').split('\n')[1]?.trim() ?? '',
          });
        }
      }
      return [...groups.values()];
    },
    { shell: [...APP_SHELL, ...outside], known: KNOWN },
  );
  for (const v of found) {
    let note = '';
    if (v.part === 'outside') note = ' [outside the ITSM plugin]';
    if (v.part === 'known') note = ` [known, not fixed yet: ${v.where}]`;
    console.log(
      `  axe ${what}: ${v.impact} ${v.id}${note} (${v.help}) on ${v.nodes.length} element(s)`,
    );
    for (const node of v.nodes.slice(0, 5)) {
      console.log(`      ${node.target}: ${node.html}`);
      if (node.why) console.log(`        ${node.why}`);
    }
  }
  if (found.length === 0) console.log(`  axe ${what}: no violations`);
  const failing = found.filter(
    v => v.part === 'itsm' && FAILING_IMPACTS.includes(v.impact),
  );
  expect(
    failing.length === 0,
    `axe found ${
      failing.length
    } serious or critical accessibility violation(s) on ${what}: ${failing
      .map(v => `${v.id} (${v.nodes.map(n => n.target).join(', ')})`)
      .join('; ')}`,
  );
  return found;
}

/**
 * Makes an SLA active, once: unless an active SLA on `entityRef` already
 * matches `isIt`, `manager` creates it, each `[user, role]` of `signers`
 * signs and `manager` activates it. `beforeSigning(key)` may check refusals
 * first. Answers whether it was made now.
 */
export async function ensureActiveSla(
  backendUrl,
  { entityRef, manager, body, signers, isIt, beforeSigning },
) {
  const query = `/slas?entityRef=${encodeURIComponent(entityRef)}&state=active`;
  const found = await itsmApi(backendUrl, manager, 'GET', query);
  expect(found.status === 200, `listing SLAs: ${found.status}`);
  if (found.body.items.some(isIt)) return false;
  const created = await itsmApi(backendUrl, manager, 'POST', '/slas', body);
  expect(created.status === 201, `SLA: ${JSON.stringify(created.body)}`);
  const { key } = created.body;
  await beforeSigning?.(key);
  for (const [user, role] of signers) {
    const signed = await itsmApi(
      backendUrl,
      user,
      'POST',
      `/slas/${key}/signatures`,
      { role },
    );
    expect(signed.status === 200, `${user} signs: ${signed.status}`);
  }
  const current = await itsmApi(backendUrl, manager, 'GET', `/slas/${key}`);
  const active = await itsmApi(
    backendUrl,
    manager,
    'POST',
    `/slas/${key}/transitions`,
    { to: 'active', version: current.body.version },
  );
  expect(active.status === 200, `SLA activation: ${active.status}`);
  return true;
}
