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
