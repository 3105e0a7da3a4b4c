// The example custom-UI page (examples/custom-ui), served by the dev server
// as `make demo` serves it: forms filled, buttons clicked (OAuth through the
// fake provider's Approve and Deny), UI states checked, what the dev server
// stored checked, screenshots saved under test-output/custom-ui/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ENGINE, NANGO, repoRoot, launchBrowser, pageErrors, assertPopupBlockerOn, storedConnection, watchErrors } from './harness.mjs';

const shots = join(repoRoot, 'test-output', 'custom-ui', ENGINE);
let browser, page;

before(async () => {
  await mkdir(shots, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${NANGO}/examples/custom-ui/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15000 });
  await watchErrors(page);
  await assertPopupBlockerOn(page);
});

after(async () => {
  await page?.screenshot({ path: join(shots, '99-overview.png'), fullPage: true });
  await browser?.close();
});

const card = (id) => page.locator(`#integration-${id}`);

async function statusOf(id, kind) {
  const status = card(id).locator(`.status.${kind}`);
  await status.waitFor({ timeout: 15000 });
  return status;
}

async function connectionIdOf(id) {
  return (await (await statusOf(id, 'success')).locator('.connection-id').textContent()).trim();
}

test('the page lists the integrations of the session with the right forms', async () => {
  await page.screenshot({ path: join(shots, '01-integrations.png'), fullPage: true });
  assert.equal(await card('zendesk').locator('input[name=apiKey]').count(), 1);
  assert.equal(await card('zendesk').locator('input[name="param:subdomain"]').count(), 1);
  assert.equal(await card('jira-basic').locator('input[name=password]').count(), 1);
  assert.equal(await card('github').locator('input[name="param:oauth_scopes_override"]').count(), 1);
  assert.equal(await card('github-auto-approve').count(), 0, 'test-only integrations are not offered');
});

test('API key with a subdomain: success state, and the dev server stored the subdomain', async () => {
  await card('zendesk').locator('input[name=apiKey]').fill('zd-key-123');
  await card('zendesk').locator('input[name="param:subdomain"]').fill('acme');
  await card('zendesk').locator('button.primary').click();
  const id = await connectionIdOf('zendesk');
  await card('zendesk').screenshot({ path: join(shots, '02-api-key-connected.png') });
  const stored = await storedConnection(id, 'zendesk');
  assert.deepEqual(stored.body.connection_config, { subdomain: 'acme' });
  assert.equal(stored.body.credentials.apiKey, 'zd-key-123');
  assert.match(await card('zendesk').locator('.stored-config').textContent(), /"subdomain":"acme"/);
});

test('a refused key shows the typed error', async () => {
  await card('pagerduty').locator('input[name=apiKey]').fill('invalid');
  await card('pagerduty').locator('button.primary').click();
  const status = await statusOf('pagerduty', 'error');
  assert.equal(await status.locator('.error-type').textContent(), 'connection_test_failed');
  await card('pagerduty').screenshot({ path: join(shots, '03-api-key-refused.png') });
});

test('username and password (basic)', async () => {
  await card('jira-basic').locator('input[name=username]').fill('me@acme.io');
  await card('jira-basic').locator('input[name=password]').fill('jira-token');
  await card('jira-basic').locator('input[name="param:subdomain"]').fill('acme');
  await card('jira-basic').locator('button.primary').click();
  const id = await connectionIdOf('jira-basic');
  const stored = await storedConnection(id, 'jira-basic');
  assert.deepEqual([stored.body.credentials.username, stored.body.connection_config.subdomain], ['me@acme.io', 'acme']);
});

async function oauthClick(id, decision, shotName) {
  await card(id).locator('button.primary').click();
  return finishPopup(await page.waitForPopup(), decision, shotName);
}

async function finishPopup(popup, decision, shotName) {
  await popup.waitForURL(/\/provider\/[^/]+\/authorize/, { timeout: 10000 });
  if (shotName) await popup.screenshot({ path: join(shots, shotName) });
  await popup.click(decision === 'approve' ? '#approve' : '#deny');
  await popup.waitForClose();
}

test('OAuth with a scopes override: "Waiting for GitHub", Approve in the popup, then connected', async () => {
  await card('github').locator('input[name="param:oauth_scopes_override"]').fill('read:user,gist');
  await card('github').locator('button.primary').click();
  const popup = await page.waitForPopup();
  await popup.waitForURL(/\/provider\/[^/]+\/authorize/, { timeout: 10000 });
  // The page's progress state, from the SDK's events.
  await page.waitForFunction(() => /Waiting for GitHub/.test(document.querySelector('#integration-github .status.loading')?.textContent));
  await card('github').screenshot({ path: join(shots, '04-oauth-waiting.png') });
  await finishPopup(popup, 'approve', '04-oauth-provider-page.png');
  const id = await connectionIdOf('github');
  await card('github').screenshot({ path: join(shots, '05-oauth-connected.png') });
  const stored = await storedConnection(id, 'github');
  assert.equal(stored.body.connection_config.oauth_scopes_override, 'read:user,gist');
  assert.equal(stored.body.credentials.type, 'OAUTH2');
});

test('reconnect through a reconnect session keeps the connection id', async () => {
  const before = await connectionIdOf('github');
  await card('github').locator('button.reconnect').click();
  await finishPopup(await page.waitForPopup(), 'approve');
  await page.waitForFunction((before) => {
    const el = document.querySelector('#integration-github .status.success .connection-id');
    return el && el.textContent === before && !document.querySelector('#integration-github button.primary').disabled;
  }, before);
  assert.equal(await connectionIdOf('github'), before);
  await card('github').screenshot({ path: join(shots, '06-oauth-reconnected.png') });
});

test('OAuth denied by the user shows the provider error', async () => {
  await oauthClick('salesforce', 'deny');
  const status = await statusOf('salesforce', 'error');
  assert.equal(await status.locator('.error-type').textContent(), 'callback_err');
  assert.match(await status.textContent(), /access_denied/);
  await card('salesforce').screenshot({ path: join(shots, '07-oauth-denied.png') });
});

test('closing the popup shows it was closed', async () => {
  await card('salesforce').locator('button.primary').click();
  const popup = await page.waitForPopup();
  await popup.waitForURL(/\/provider\/[^/]+\/authorize/, { timeout: 10000 });
  await popup.close();
  const status = await statusOf('salesforce', 'error');
  assert.equal(await status.locator('.error-type').textContent(), 'window_closed');
  assert.match(await status.textContent(), /Popup closed/);
  await card('salesforce').screenshot({ path: join(shots, '08-oauth-popup-closed.png') });
});

test('an integration with no auth is enabled with create()', async () => {
  await card('public-api').locator('button.primary').click();
  const id = await connectionIdOf('public-api');
  assert.equal((await storedConnection(id, 'public-api')).status, 200);
});

test('no uncaught page errors', async () => {
  assert.deepEqual(await pageErrors(page), []);
});
