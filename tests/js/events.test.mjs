// Progress events (`onEvent`): every event a flow reports, in order, with
// its time, and never a secret, through real clicks in each browser engine
// against the dev server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NANGO, useAppPage, sessionToken } from './harness.mjs';

let page;
useAppPage((env) => ({ page } = env));

/** Clicks #connect to run `call` (source of `(sdk, cfg, onEvent) => promise`) and returns the events and the outcome. */
async function run(call, cfg, { popupAction } = {}) {
  await page.evaluate(([source, cfg]) => {
    const fn = new Function(`return (${source})`)();
    window.events = [];
    window.makeCall = () => fn(window.sdk, cfg, (event) => window.events.push(event));
  }, [call.toString(), cfg]);
  const slot = await page.evaluate(() => (window.outcomes || []).length);
  await page.click('#connect');
  if (popupAction) await popupAction(await page.waitForPopup());
  await page.waitForFunction((slot) => window.outcomes && window.outcomes[slot], slot, { timeout: 15000 });
  return page.evaluate((slot) => ({ events: window.events, outcome: window.outcomes[slot] }), slot);
}

const oauth = ({ Nango }, cfg, onEvent) =>
  new Nango({ connectSessionToken: cfg.token, host: cfg.host }).auth(cfg.id, { ...cfg.options, onEvent });

async function decide(popup, decision) {
  await popup.waitForURL(/\/provider\/[^/]+\/authorize/, { timeout: 10000 });
  await popup.click(decision === 'approve' ? '#approve' : '#deny');
}

function assertTimes(events) {
  const now = Date.now();
  for (let i = 0; i < events.length; i++) {
    assert.equal(typeof events[i].at, 'number');
    assert.ok(Math.abs(events[i].at - now) < 60_000, `at is Date.now(): ${events[i].at}`);
    if (i > 0) assert.ok(events[i].at >= events[i - 1].at, 'in order of time');
  }
}

test('OAuth approved: popup_opened, server_connected, result_received, settled ok', async () => {
  const token = await sessionToken();
  const { events, outcome } = await run(oauth, { token, host: NANGO, id: 'github' }, { popupAction: (p) => decide(p, 'approve') });
  assert.ok(outcome.ok, JSON.stringify(outcome));
  // The callback page closes itself (at once when the SDK acknowledges its
  // message); on a loaded machine that can be seen before the result: then
  // once, after the popup navigated, and before settled.
  const types = events.map((e) => e.type);
  const closedAt = types.indexOf('popup_closed');
  assert.ok(types.filter((t) => t === 'popup_closed').length <= 1, `popup_closed at most once: ${types}`);
  assert.ok(closedAt === -1 || (closedAt >= 2 && closedAt < types.indexOf('settled')), `popup_closed after it navigated, before settled: ${types}`);
  if (closedAt !== -1) events.splice(closedAt, 1);
  assert.deepEqual(events.map((e) => e.type), ['popup_opened', 'server_connected', 'result_received', 'settled']);
  // Whichever channel delivers first (WebKitGTK can deliver the popup's message first;
  // the connection id still comes from the socket's frame).
  assert.ok(['websocket', 'popup'].includes(events[2].via), JSON.stringify(events[2]));
  assert.deepEqual([events[3].ok, events[3].errorType], [true, undefined]);
  assertTimes(events);
  assert.ok(!JSON.stringify(events).includes(token.slice(-64)), 'no token in events');
});

test('OAuth denied: the result is received, then settled with the error type', async () => {
  const token = await sessionToken();
  const { events, outcome } = await run(oauth, { token, host: NANGO, id: 'github' }, { popupAction: (p) => decide(p, 'deny') });
  assert.equal(outcome.err?.type, 'callback_err', JSON.stringify(outcome));
  assert.deepEqual(events.map((e) => e.type), ['popup_opened', 'server_connected', 'result_received', 'settled']);
  assert.ok(['websocket', 'popup'].includes(events[2].via));
  assert.deepEqual([events[3].ok, events[3].errorType], [false, 'callback_err']);
  assertTimes(events);
});

test('popup closed by the user: popup_closed, then settled window_closed', async () => {
  const token = await sessionToken();
  const close = async (popup) => {
    await popup.waitForURL(/\/provider\/github\/authorize/);
    await popup.close();
  };
  const { events, outcome } = await run(oauth, { token, host: NANGO, id: 'github', options: { detectClosedAuthWindow: true } }, { popupAction: close });
  assert.equal(outcome.err?.type, 'window_closed', JSON.stringify(outcome));
  assert.deepEqual(events.map((e) => e.type), ['popup_opened', 'server_connected', 'popup_closed', 'settled']);
  assert.equal(events[3].errorType, 'window_closed');
  assertTimes(events);
});

test('popup blocked: popup_blocked, then settled blocked_by_browser', async () => {
  const token = await sessionToken();
  const events = await page.evaluate(async ({ token, host }) => {
    const events = [];
    window.open('about:blank', '_blank')?.close(); // uses up the user activation of evaluate()
    await new window.sdk.Nango({ connectSessionToken: token, host }).auth('github', { onEvent: (e) => events.push(e) }).catch(() => {});
    return events;
  }, { token, host: NANGO });
  assert.deepEqual(events.map((e) => [e.type, e.errorType]), [['popup_blocked', undefined], ['settled', 'blocked_by_browser']]);
});

test('credentials (no popup): settled only; an aborted flow settles too', async () => {
  const token = await sessionToken();
  const result = await page.evaluate(async ({ token, host }) => {
    const nango = new window.sdk.Nango({ connectSessionToken: token, host });
    const record = async (call) => {
      const events = [];
      await call((e) => events.push(e)).catch(() => {});
      return events.map((e) => [e.type, e.ok, e.errorType ?? null]);
    };
    return {
      apiKey: await record((onEvent) => nango.auth('pagerduty', { credentials: { apiKey: 'events-key-secret' }, onEvent })),
      refused: await record((onEvent) => nango.auth('nope', { credentials: { apiKey: 'k' }, onEvent })),
    };
  }, { token, host: NANGO });
  assert.deepEqual(result.apiKey, [['settled', true, null]]);
  assert.deepEqual(result.refused, [['settled', false, 'unknown_provider_config']]);

  const aborted = await run(({ Nango }, cfg, onEvent) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    return new Nango({ connectSessionToken: cfg.token, host: cfg.host }).auth('github', { signal: controller.signal, onEvent });
  }, { token, host: NANGO });
  assert.deepEqual(aborted.events.map((e) => [e.type, e.errorType ?? null]).at(-1), ['settled', 'aborted']);
  assert.equal(aborted.events[0].type, 'popup_opened');
});

test('a callback that throws does not break the flow; onEvent must be a function', async () => {
  const token = await sessionToken();
  const result = await page.evaluate(async ({ token, host }) => {
    const nango = new window.sdk.Nango({ connectSessionToken: token, host });
    const ok = await nango.auth('pagerduty', { credentials: { apiKey: 'k' }, onEvent: () => { throw new Error('app bug'); } });
    const bad = await nango.auth('pagerduty', { credentials: { apiKey: 'k' }, onEvent: 'x' }).catch((e) => e.type);
    return { ok: ok.providerConfigKey, bad };
  }, { token, host: NANGO });
  assert.deepEqual(result, { ok: 'pagerduty', bad: 'invalid_options' });
});
