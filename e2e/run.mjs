// Browser tests: starts the portal when it is not already running, then runs
// every journey in e2e/journeys in headless Debian chromium via playwright-core,
// saving screenshots under artifacts/e2e (gitignored).
//
//   yarn e2e                 # all journeys
//   yarn e2e itsm-home       # journeys whose file name contains the word
//
// The journeys run against the production build of the frontend that the
// backend serves (./scripts/start.sh), as people use the portal. A portal
// already running is used; else ./scripts/start.sh --no-install is started
// (building the frontend first when its sources changed) and stopped after.
// When the backend runs without a built app but the development server
// (`yarn dev`) is up on :3000, the journeys use that instead.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_APP_URL
// (default: the backend's URL, which serves the built app),
// E2E_BACKEND_URL (default http://localhost:7007).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const backendUrl = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
const devServerUrl = 'http://localhost:3000';
let appUrl = process.env.E2E_APP_URL ?? backendUrl;
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

/** Whether the URL answers with the app's HTML page. */
async function servesApp(url) {
  try {
    const res = await fetch(url);
    return res.ok && (await res.text()).includes('<div id="root"');
  } catch {
    return false;
  }
}

async function startPortalIfNeeded() {
  const healthUrl = `${backendUrl}/api/itsm/health`;
  if (await isUp(healthUrl)) {
    if (await servesApp(appUrl)) {
      console.log(`Using the portal already running at ${appUrl}`);
      return undefined;
    }
    if (!process.env.E2E_APP_URL && (await servesApp(devServerUrl))) {
      appUrl = devServerUrl;
      console.log(
        `Using the development server already running at ${appUrl} (yarn dev)`,
      );
      return undefined;
    }
    throw new Error(
      `The backend runs at ${backendUrl} but ${appUrl} serves no app: stop it, or run ./scripts/start.sh (production build) or yarn dev (development server on :3000)`,
    );
  }
  fs.mkdirSync(artifacts, { recursive: true });
  const logPath = path.join(artifacts, 'portal.log');
  const log = fs.openSync(logPath, 'w');
  console.log(
    `Starting the portal (./scripts/start.sh --no-install: production build); log: ${path.relative(
      root,
      logPath,
    )}`,
  );
  const child = spawn('./scripts/start.sh', ['--no-install'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, BROWSER: 'none' },
  });
  let exited;
  child.on('exit', code => {
    exited = code;
  });
  const started = Date.now();
  const check = url => async () => {
    if (exited !== undefined) {
      throw new Error(
        `The portal exited (code ${exited}); see ${path.relative(
          root,
          logPath,
        )}`,
      );
    }
    return url === healthUrl ? isUp(url) : servesApp(url);
  };
  await waitFor('the backend', check(healthUrl), 600_000);
  await waitFor('the app', check(appUrl), 120_000);
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
