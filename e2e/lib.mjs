// Helpers shared by the browser journeys.

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
