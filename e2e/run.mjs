// Browser tests: starts the portal when it is not already running, then runs
// every journey in e2e/journeys in headless Debian chromium via playwright-core,
// saving screenshots under artifacts/e2e (gitignored).
//
//   yarn e2e                 # all journeys
//   yarn e2e itsm-home       # journeys whose file name contains the word
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_APP_URL
// (default http://localhost:3000), E2E_BACKEND_URL (default http://localhost:7007).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appUrl = process.env.E2E_APP_URL ?? 'http://localhost:3000';
const backendUrl = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
const artifacts = path.join(root, 'artifacts', 'e2e');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const filter = process.argv[2];

async function isUp(url) {
  try {
    const res = await fetch(url);
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = Date.now();
  while (Date.now() < deadline) {
    if (await check()) return;
    if (Date.now() - last > 15000) {
      console.log(`  ... still waiting for ${what}`);
      last = Date.now();
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function startPortalIfNeeded() {
  const healthUrl = `${backendUrl}/api/itsm/health`;
  if ((await isUp(healthUrl)) && (await isUp(appUrl))) {
    console.log(`Using the portal already running at ${appUrl}`);
    return undefined;
  }
  fs.mkdirSync(artifacts, { recursive: true });
  const logPath = path.join(artifacts, 'portal.log');
  const log = fs.openSync(logPath, 'w');
  console.log(
    `Starting the portal (yarn start); log: ${path.relative(root, logPath)}`,
  );
  const child = spawn('yarn', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, BROWSER: 'none' },
  });
  const started = Date.now();
  await waitFor('the backend', () => isUp(healthUrl), 300_000);
  await waitFor('the frontend', () => isUp(appUrl), 400_000);
  console.log(`Portal up after ${Math.round((Date.now() - started) / 1000)} s`);
  return child;
}

function stopPortal(child) {
  if (!child) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function loadJourneys() {
  const dir = path.join(root, 'e2e', 'journeys');
  const files = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.mjs'))
    .filter(f => !filter || f.includes(filter))
    .sort();
  const journeys = [];
  for (const file of files) {
    const mod = await import(path.join(dir, file));
    journeys.push({ file, ...mod.default });
  }
  return journeys;
}

async function main() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `No chromium at ${chromiumPath}; install it with apt-get install -y chromium or set CHROMIUM_PATH`,
    );
  }
  const journeys = await loadJourneys();
  if (journeys.length === 0) throw new Error(`No journey matches ${filter}`);
  fs.mkdirSync(artifacts, { recursive: true });
  // Screenshots of an earlier run would mislead: start clean.
  for (const file of fs.readdirSync(artifacts)) {
    if (file.endsWith('.png')) fs.rmSync(path.join(artifacts, file));
  }
  const portal = await startPortalIfNeeded();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  let passed = 0;
  let failed = 0;
  try {
    for (const journey of journeys) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      const base = journey.file.replace(/\.mjs$/, '');
      let shot = 0;
      const screenshot = async name => {
        shot += 1;
        const file = path.join(
          artifacts,
          `${base}-${String(shot).padStart(2, '0')}-${name}.png`,
        );
        await page.screenshot({ path: file, fullPage: true });
        return file;
      };
      const started = Date.now();
      try {
        await journey.run({ page, appUrl, backendUrl, screenshot });
        passed += 1;
        console.log(
          `PASS ${journey.name} (${((Date.now() - started) / 1000).toFixed(
            1,
          )} s)`,
        );
      } catch (error) {
        failed += 1;
        console.log(`FAIL ${journey.name}: ${error.stack ?? error}`);
        await screenshot('failure').catch(() => {});
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    stopPortal(portal);
  }
  console.log(`Screenshots in ${path.relative(root, artifacts)}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
