// What people do with the dashboard, end to end in headless Chromium against a real server:
// drill down from the team to an account, acknowledge an alert, import a file with a bad row and
// see the row error, then import a good one. Each run starts from a fresh copy of the demo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { USERS, browserPerFile, errorStates, screenshot, settled, signIn } from './harness.mjs';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const inPage = browserPerFile();

/** Every chart on the page drew an SVG and names what it shows. */
async function chartsDrew(page, where) {
  const figures = await page.locator('figure.chart').all();
  assert.ok(figures.length > 0, `${where}: has charts`);
  for (const figure of figures) {
    assert.ok((await figure.locator('svg').count()) > 0, `${where}: a chart did not draw`);
    const label = await figure.locator('[role="img"]').first().getAttribute('aria-label');
    assert.ok(label && label.length > 10, `${where}: a chart has no text alternative`);
  }
}

/** GET an API path with the page's own session cookie. */
async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p);
    return { status: res.status, body: await res.json() };
  }, path);
}

test('a supervisor drills down from the team to an AM scorecard and to one account', () =>
  inPage(async ({ page, problems, server }) => {
    await signIn(page, server, USERS.supervisor);
    await page.getByRole('link', { name: 'District 1', exact: true }).first().click();
    await page.waitForURL(/\/account-managers\/\d+/);
    await settled(page);
    assert.deepEqual(await errorStates(page), [], 'scorecard');
    await chartsDrew(page, 'scorecard');
    await screenshot(page, 'supervisor-scorecard');

    await page.locator('main a[href*="/accounts/"]').first().click();
    await page.waitForURL(/\/accounts\/\d+/);
    await settled(page);
    assert.deepEqual(await errorStates(page), [], 'account');
    await chartsDrew(page, 'account');
    await screenshot(page, 'supervisor-account');
    assert.deepEqual(problems, []);
  }));

test('a supervisor acknowledges an alert with a note, and the history records it', () =>
  inPage(async ({ page, problems, server }) => {
    await signIn(page, server, USERS.synthSupervisor);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts' })
      .click();
    await settled(page);
    await page
      .getByLabel(/status/i)
      .first()
      .selectOption('open');
    await settled(page);
    await page
      .getByRole('button', { name: /^Details of the/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Acknowledge this alert' }).waitFor();
    const id = new URL(page.url()).searchParams.get('alert');
    assert.ok(id, 'the open alert is in the address');
    await page.getByLabel('Note (optional)').fill('Called the customer; visit planned.');
    await page.getByRole('button', { name: 'Acknowledge this alert' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /acknowledged/i })
      .first()
      .waitFor();
    await screenshot(page, 'supervisor-alert-acknowledged');

    const { status, body } = await apiGet(page, `/api/v1/alerts/${id}`);
    assert.equal(status, 200);
    assert.equal(body.status, 'acknowledged');
    const event = body.events.find((e) => e.kind === 'acknowledged');
    assert.ok(event, `an acknowledged event: ${JSON.stringify(body.events)}`);
    assert.equal(event.note, 'Called the customer; visit planned.');
    assert.deepEqual(problems, []);
  }));

test('an analyst reads alerts but is offered no action', () =>
  inPage(async ({ page, server }) => {
    await signIn(page, server, USERS.analyst);
    await page.goto(`${server.url}/alerts`);
    await settled(page);
    await page
      .getByRole('button', { name: /^Details of the/ })
      .first()
      .click();
    await page.locator('main h3').first().waitFor();
    await settled(page);
    assert.equal(await page.getByRole('button', { name: /this alert$/ }).count(), 0);
  }));

test('an import with a bad row shows the row error and writes nothing; a good one commits', () =>
  inPage(async ({ page, problems, server }) => {
    await signIn(page, server, USERS.synthAdmin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Import' })
      .click();
    await settled(page);
    const cyclesBefore = (await apiGet(page, '/api/v1/cycles')).body.total;

    await page.getByLabel('Survey export (CSV)').setInputFiles(`${FIXTURES}import-bad-rating.csv`);
    await page.getByLabel('Mapping (TOML or JSON)').setInputFiles(`${FIXTURES}import-mapping.toml`);
    await page.getByRole('button', { name: /dry run/i }).click();
    await page
      .getByText(/1 problem/)
      .first()
      .waitFor();
    const row = page.locator('table tr', { hasText: 'out_of_scale' });
    assert.equal(await row.count(), 1, 'one row error');
    const text = await row.innerText();
    assert.match(text, /\b3\b/, 'names the line');
    assert.match(text, /Communication/, 'names the column');
    assert.match(text, /categories\[0\]\.performance/, 'names the mapping field');
    await screenshot(page, 'admin-import-row-error');
    assert.equal(
      await page.getByRole('button', { name: /commit import/i }).count(),
      0,
      'nothing to commit',
    );

    await page.getByLabel('Survey export (CSV)').setInputFiles(`${FIXTURES}import-good.csv`);
    await page.getByRole('button', { name: /dry run/i }).click();
    await page.getByRole('button', { name: /commit import/i }).click();
    await page
      .getByRole('heading', { name: /import/i })
      .filter({ hasText: /done|imported|stored/i })
      .first()
      .waitFor();
    const after = await apiGet(page, '/api/v1/cycles');
    assert.equal(after.body.total, cyclesBefore + 1, 'the new cycle is stored');
    assert.ok(after.body.items.some((c) => c.key === '2026-E2E'));
    assert.deepEqual(problems, []);
  }));

test('the keyboard reaches the skip link first, and it moves focus to the content', () =>
  inPage(async ({ page, server }) => {
    await signIn(page, server, USERS.analyst);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent ?? '');
    assert.match(first, /skip/i);
    await page.keyboard.press('Enter');
    const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest('main')));
    assert.ok(inMain, 'focus is in the main content');
  }));
