// Helpers shared by the browser journeys.

/**
 * Opens a path of the portal, signing in as the demo guest when the sign-in
 * page shows up first. Resolves once the sidebar of the signed-in app shows.
 */
export async function openSignedIn(page, appUrl, pathname) {
  await page.goto(`${appUrl}${pathname}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const sidebar = page.getByRole('link', { name: 'Settings' });
  await Promise.race([
    enter.waitFor({ state: 'visible' }),
    sidebar.waitFor({ state: 'visible' }),
  ]);
  if (await enter.isVisible()) {
    console.log('  signing in as guest');
    await enter.click();
  }
  await sidebar.waitFor({ state: 'visible' });
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
