// The Leptos example (examples/leptos-app, the crate used directly from a
// Rust web app), served by the dev server as `make demo` serves it: an API
// key connected, OAuth approved in the popup, a refused key shown as a typed
// error; screenshots under test-output/leptos-app/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ENGINE, NANGO, repoRoot, launchBrowser, pageErrors, assertPopupBlockerOn, storedConnection, watchErrors } from './harness.mjs';

const shots = join(repoRoot, 'test-output', 'leptos-app', ENGINE);
let browser, page;

before(async () => {
  await mkdir(shots, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${NANGO}/examples/leptos-app/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15000 });
  await watchErrors(page);
  await assertPopupBlockerOn(page);
  await page.waitForFunction(() => /ready/.test(document.getElementById('session')?.textContent), null, { timeout: 15000 });
});

after(async () => {
  await page?.screenshot({ path: join(shots, '99-overview.png'), fullPage: true });
  await browser?.close();
});

const card = (id) => page.locator(`#card-${id}`);

async function status(id, state) {
  const line = card(id).locator(`.status[data-state=${state}]`);
  await line.waitFor({ timeout: 15000 });
  return line;
}

test('API key with a subdomain: connected, and the dev server stored both', async () => {
  await page.screenshot({ path: join(shots, '01-integrations.png'), fullPage: true });
  await card('zendesk').locator('input[name=apiKey]').fill('leptos-key-1');
  await card('zendesk').locator('input[name=subdomain]').fill('acme');
  await card('zendesk').locator('button.primary').click();
  const id = (await (await status('zendesk', 'connected')).locator('.connection-id').textContent()).trim();
  await card('zendesk').screenshot({ path: join(shots, '02-api-key-connected.png') });
  const stored = await storedConnection(id, 'zendesk');
  assert.deepEqual(stored.body.connection_config, { subdomain: 'acme' });
  assert.equal(stored.body.credentials.apiKey, 'leptos-key-1');
});

test('a refused key is shown as a typed error', async () => {
  await card('zendesk').locator('input[name=apiKey]').fill('invalid');
  await card('zendesk').locator('button.primary').click();
  const line = await status('zendesk', 'error');
  assert.equal(await line.locator('.error-type').textContent(), 'connection_test_failed');
  await card('zendesk').screenshot({ path: join(shots, '03-api-key-refused.png') });
});

test('username and password (basic)', async () => {
  await card('jira-basic').locator('input[name=username]').fill('me@acme.io');
  await card('jira-basic').locator('input[name=password]').fill('jira-token');
  await card('jira-basic').locator('input[name=subdomain]').fill('acme');
  await card('jira-basic').locator('button.primary').click();
  const id = (await (await status('jira-basic', 'connected')).locator('.connection-id').textContent()).trim();
  const stored = await storedConnection(id, 'jira-basic');
  assert.equal(stored.body.credentials.username, 'me@acme.io');
});

test('OAuth with a scopes override: "Waiting for GitHub…", approved in the popup, connected', async () => {
  await card('github').locator('input[name=oauth_scopes_override]').fill('read:user,gist');
  await card('github').locator('button.primary').click();
  const popup = await page.waitForPopup();
  await popup.waitForURL(/\/provider\/github\/authorize/, { timeout: 10000 });
  assert.match(await (await status('github', 'loading')).textContent(), /Waiting for GitHub/);
  await card('github').screenshot({ path: join(shots, '04-oauth-waiting.png') });
  await popup.click('#approve');
  const id = (await (await status('github', 'connected')).locator('.connection-id').textContent()).trim();
  await card('github').screenshot({ path: join(shots, '05-oauth-connected.png') });
  const stored = await storedConnection(id, 'github');
  assert.equal(stored.body.connection_config.oauth_scopes_override, 'read:user,gist');
});

test('no uncaught page errors', async () => {
  assert.deepEqual(await pageErrors(page), []);
});
