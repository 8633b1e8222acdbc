// Every page of the dashboard, for every role, on the demo data, in headless Chromium: the page
// loads without error states, console errors or requests to other hosts, and its charts draw.
// Screenshots of each go to SCREENSHOT_DIR for people to look at.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { USERS, browserPerFile, errorStates, screenshot, settled, signIn } from './harness.mjs';

const inPage = browserPerFile();

/** Navigation labels each role must see, in order. */
const NAV = {
  admin: ['Team', 'Alerts', 'Categories', 'Risk', 'Import'],
  supervisor: ['Team', 'Alerts', 'Categories', 'Risk'],
  analyst: ['Team', 'Alerts', 'Categories', 'Risk'],
  am: ['My scorecard', 'Alerts', 'Categories', 'Risk'],
};

async function navLabels(page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

/** Opens every page of the navigation in turn and checks each one. */
async function visitEveryPage(page, problems, prefix) {
  const labels = await navLabels(page);
  for (const label of labels) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    await settled(page);
    assert.deepEqual(await errorStates(page), [], `${prefix} ${label}: error states`);
    const name = `${prefix}-${label.toLowerCase().replace(/\s+/g, '-')}`;
    await screenshot(page, name);
  }
  assert.deepEqual(problems, [], `${prefix}: console errors, exceptions or outside requests`);
}

describe('each role sees the pages its role allows, and every one of them works', () => {
  for (const role of ['admin', 'supervisor', 'analyst', 'am']) {
    test(role, () =>
      inPage(async ({ page, problems, server }) => {
        await signIn(page, server, USERS[role]);
        assert.deepEqual(await navLabels(page), NAV[role]);
        await visitEveryPage(page, problems, role);
      }),
    );
  }
});

test('an account manager lands on their own scorecard and cannot open the team ranking', () =>
  inPage(async ({ page, server }) => {
    await signIn(page, server, USERS.am);
    assert.match(new URL(page.url()).pathname, /^\/account-managers\/\d+$/);
    await page.goto(`${server.url}/`);
    await settled(page);
    assert.match(
      new URL(page.url()).pathname,
      /^\/account-managers\/\d+$/,
      'the home of an AM is their scorecard',
    );
  }));

test('the team overview draws every AM against the peer average, with a heatmap', () =>
  inPage(
    async ({ page, problems, server }) => {
      await signIn(page, server, USERS.admin);
      await settled(page);
      const figures = page.locator('figure.chart');
      assert.ok((await figures.count()) >= 2, 'at least the standings chart and the heatmap');
      for (const figure of await figures.all()) {
        assert.ok((await figure.locator('svg').count()) > 0, 'every chart drew');
        const label = await figure.locator('[role="img"]').getAttribute('aria-label');
        assert.ok(label && label.length > 20, `a chart has a text alternative: ${label}`);
      }
      // The San Diego demo has nine districts, each an AM: all of them are on the page.
      for (let district = 1; district <= 9; district += 1) {
        assert.ok(
          (await page.getByText(new RegExp(`District ${district}\\b`)).count()) > 0,
          `district ${district}`,
        );
      }
      await screenshot(page, 'team-overview');
      assert.deepEqual(problems, []);
    },
    { width: 1600, height: 1000 },
  ));

test('the session is an HttpOnly cookie: page scripts cannot read it', () =>
  inPage(async ({ context, page, server }) => {
    await signIn(page, server, USERS.analyst);
    const visible = await page.evaluate(() => document.cookie);
    assert.doesNotMatch(visible, /gapscope_session/);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'gapscope_session');
    assert.ok(session, 'the browser holds the session');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    assert.doesNotMatch(stored, /eyJ/, 'no token in web storage');
  }));

test('signing out ends the session and protected pages ask to sign in again', () =>
  inPage(async ({ context, page, server }) => {
    await signIn(page, server, USERS.supervisor);
    await page.getByRole('button', { name: /sign out|log out/i }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${server.url}/alerts`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(
      (await context.cookies()).some((c) => c.name === 'gapscope_session' && c.value),
      false,
    );
  }));

test('a wrong password is refused in plain words', () =>
  inPage(async ({ page, server }) => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(USERS.admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /email or password/i })
      .waitFor();
  }));

test('the API documentation is served by the binary and loads nothing from outside', () =>
  inPage(async ({ page, problems, server }) => {
    await page.goto(`${server.url}/api/docs/`);
    await page.getByText('Gapscope API').first().waitFor();
    await screenshot(page, 'api-docs');
    assert.deepEqual(
      problems.filter((p) => p.startsWith('outside request')),
      [],
    );
  }));
