// The browser tests' world: a real `gapscope` server over a fresh copy of the demo data, and
// Debian's Chromium driven by playwright-core (test tools cannot download browsers here).
//
// Environment: GAPSCOPE_BIN (the binary; it serves frontend/dist), GAPSCOPE_DEMO_DIR (the
// repository's demo/ folder), SCREENSHOT_DIR (where pages are saved), CHROMIUM (the browser).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

export const BIN = process.env.GAPSCOPE_BIN ?? join(repo, 'target', 'debug', 'gapscope');
const DEMO_DIR = process.env.GAPSCOPE_DEMO_DIR ?? join(repo, 'demo');
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(repo, 'target', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The demo users, as `gapscope demo` creates them. */
export const USERS = {
  admin: { email: 'admin@demo.test', password: 'demo-password-admin' },
  supervisor: { email: 'supervisor@demo.test', password: 'demo-password-supervisor' },
  am: { email: 'am@demo.test', password: 'demo-password-account_manager' },
  analyst: { email: 'analyst@demo.test', password: 'demo-password-analyst' },
  synthAdmin: { email: 'admin@acme-synthetic.test', password: 'demo-password-admin' },
  synthSupervisor: {
    email: 'supervisor@acme-synthetic.test',
    password: 'demo-password-supervisor',
  },
  synthAm: { email: 'am@acme-synthetic.test', password: 'demo-password-account_manager' },
};

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

function run(args, env) {
  return new Promise((ok, fail) => {
    const child = spawn(BIN, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0
        ? ok(output)
        : fail(new Error(`gapscope ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/**
 * Loads the demo into a new SQLite file and serves it on a free loopback port.
 * Returns `{ url, stop }`; `stop` ends the server and deletes the files.
 */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'gapscope-e2e-'));
  const env = {
    DATABASE_URL: join(dir, 'demo.db'),
    GAPSCOPE_DEV_MODE: '1',
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  await run(['demo', '--dir', DEMO_DIR], env);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(BIN, ['serve'], {
    env: { ...process.env, ...env, GAPSCOPE_BIND: `127.0.0.1:${port}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((ok) => server.once('exit', ok));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer on ${url} within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts headless Chromium with the flags our closed network needs. */
export async function startBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new browser context (its own cookies) at a laptop-sized window, recording what would make a
 * page broken without failing a visible assertion: console errors, uncaught exceptions, requests
 * to any host but the server, and API answers of 5xx.
 */
export async function newPage(browser, server, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(server.url).origin;
  page.on('console', (msg) => {
    // 401/403/404 answers the app handles still log a console error in Chromium; they are
    // checked through the page's visible state instead.
    if (msg.type() === 'error' && !/status of (401|403|404|409|422)/.test(msg.text())) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`exception: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`outside request: ${url}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`server error ${res.status()}: ${res.url()}`);
  });
  return { context, page, problems };
}

/**
 * The server and the browser of one test file: started before its first test, stopped after its
 * last. Returns `inPage(fn, viewport)`, which runs `fn({ page, problems, context, server })` in a
 * new page with cookies of its own (see `newPage`) and closes it afterwards, pass or fail.
 */
export function browserPerFile() {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return async function inPage(fn, viewport) {
    const { context, page, problems } = await newPage(browser, server, viewport);
    try {
      return await fn({ context, page, problems, server });
    } finally {
      await context.close();
    }
  };
}

/** Signs in through the login page and waits for the first page after it. */
export async function signIn(page, server, user) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await settled(page);
}

/** Waits until the page has a heading and nothing is loading any more. */
export async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('.state--loading').length === 0,
    null,
    {
      timeout: 20_000,
    },
  );
  // Charts draw in a frame after their data arrives.
  await page.waitForTimeout(300);
}

/** Saves a full-page screenshot as SCREENSHOT_DIR/name.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The error states shown on the page, as text. */
export async function errorStates(page) {
  return page.locator('.state--error').allInnerTexts();
}
