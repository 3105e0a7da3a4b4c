// Popup flows back to back: each result belongs to exactly one flow. The
// shapes apps use (two flows in sequence, a retry in `.catch`, a retry from
// the `settled` event, `clear()` then a new flow, another call started from
// `onEvent`, a `reconnect()` right after an `auth()`), each repeated, with the page on the Nango API's own origin
// (a self-hosted Nango behind the app's domain: the app server stands in
// front of the dev server) and on another origin. Where the official SDK has
// the shape, it runs the same shape on the same origins and must pass too.
//
// The fake provider decides at once (`github-auto-approve`,
// `github-auto-deny`), so that the next flow starts while the previous
// flow's callback page is still open: the race these tests are for. Shapes
// that open their popup after an `await` run in a browser with its popup
// blocker off (no engine lets those through with the blocker on, whatever
// the SDK); the shapes made of clicks run with it on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, NANGO, SECRET_KEY, supports, startAppServer, launchBrowser, openAppPage, sessionToken, storedConnection, pageErrors } from './harness.mjs';

/** Runs of each shape with the page on the API origin (where the races
 * were seen: 1 to 4 failures in 4 runs before the fix) and on another; a
 * shape that fails once fails the suite. */
const REPEAT = Number(process.env.NANGO_BACK_TO_BACK_REPEAT || 4);
const REPEAT_OTHER_ORIGIN = Math.max(1, Math.ceil(REPEAT / 2));
const APPROVE = 'github-auto-approve';
const DENY = 'github-auto-deny';

const env = { pages: {} };
const skip = !supports('popups') && `${ENGINE} shows one view: no popups`;

before(async () => {
  if (skip) return;
  env.cross = await startAppServer();
  env.same = await startAppServer({ api: NANGO });
  env.free = await launchBrowser({ popupBlockerOff: true });
  env.blocked = await launchBrowser();
});

after(async () => {
  await env.free?.close();
  await env.blocked?.close();
  await env.cross?.close();
  await env.same?.close();
});

/** The origins a page can be on: `host` is the Nango host the page uses. */
const ORIGINS = {
  'the API origin': { urls: () => ({ app: env.same.url, host: env.same.url }), repeat: REPEAT },
  'another origin': { urls: () => ({ app: env.cross.url, host: NANGO }), repeat: REPEAT_OTHER_ORIGIN },
};

/** The page of `sdk` ('ours' or 'official') on `origin`, in the browser
 * with the popup blocker off (`free`) or on (`blocked`); opened once. */
async function pageFor(origin, sdk, which = 'free') {
  const key = `${origin}|${sdk}|${which}`;
  if (!env.pages[key]) {
    env.pages[key] = await openAppPage(env[which], ORIGINS[origin].urls().app, { official: sdk === 'official' });
  }
  return env.pages[key];
}

/** Runs `shape(sdk, cfg)` in the page (not in a click) and returns its
 * outcome: `{ ok }` or `{ err: { type, message } }`, with `events` (ours). */
async function run(page, shape, cfg) {
  return page.evaluate(
    async ([source, cfg]) => {
      const shape = new Function(`return (${source})`)();
      const events = [];
      window.__events = events;
      try {
        return { ok: await shape(window.sdk, { ...cfg, events }), events };
      } catch (e) {
        return { err: { type: e && e.type, message: e && e.message }, events };
      }
    },
    [shape.toString(), cfg],
  );
}

/** A fresh token and the names every shape uses. */
async function config(origin) {
  return { token: await sessionToken(), host: ORIGINS[origin].urls().host, approve: APPROVE, deny: DENY, secret: SECRET_KEY };
}

/** A connection the server made for `key`, as the flow reported it. */
async function assertConnection(result, key, what) {
  assert.equal(result?.providerConfigKey, key, `${what}: ${JSON.stringify(result)}`);
  assert.ok(result.connectionId, `${what}: a connection id`);
  const stored = await storedConnection(result.connectionId, key);
  assert.equal(stored.status, 200, `${what}: the server has connection ${result.connectionId} of ${key}`);
}

const SHAPES = {
  'two flows in sequence': {
    official: true,
    shape: async ({ Nango }, cfg) => {
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      const first = await nango.auth(cfg.approve);
      const second = await nango.auth(cfg.approve);
      return { first, second };
    },
    async check(r) {
      assert.ok(r.ok, JSON.stringify(r));
      await assertConnection(r.ok.first, APPROVE, 'the first flow');
      await assertConnection(r.ok.second, APPROVE, 'the second flow');
      assert.notEqual(r.ok.first.connectionId, r.ok.second.connectionId, 'each flow made its own connection');
    },
  },
  'a retry in .catch': {
    official: true,
    shape: async ({ Nango }, cfg) => {
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      let first;
      const second = await nango.auth(cfg.deny).catch((e) => {
        first = e.type;
        return nango.auth(cfg.approve);
      });
      return { first, second };
    },
    async check(r) {
      assert.ok(r.ok, `the retry must succeed on its own: ${JSON.stringify(r)}`);
      assert.equal(r.ok.first, 'callback_err');
      await assertConnection(r.ok.second, APPROVE, 'the retry');
    },
  },
  'a retry from the settled event': {
    shape: ({ Nango }, cfg) => new Promise((resolve, reject) => {
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      const log = (flow) => (e) => cfg.events.push(`${flow}:${e.type}${e.via ? `:${e.via}` : ''}`);
      nango.auth(cfg.deny, {
        onEvent: (e) => {
          log(1)(e);
          if (e.type === 'settled') nango.auth(cfg.approve, { onEvent: log(2) }).then(resolve, reject);
        },
      }).catch(() => {});
    }),
    async check(r) {
      assert.ok(r.ok, `the retry must succeed on its own: ${JSON.stringify(r)}`);
      await assertConnection(r.ok, APPROVE, 'the retry');
      const second = r.events.filter((e) => e.startsWith('2:'));
      const connected = second.indexOf('2:server_connected');
      const result = second.findIndex((e) => e.startsWith('2:result_received'));
      assert.ok(connected >= 0 && result > connected, `the retry's result came after its own server connected: ${r.events}`);
    },
  },
  'clear() then a new flow': {
    shape: ({ Nango }, cfg) => new Promise((resolve, reject) => {
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      let first = 'pending';
      nango.auth(cfg.deny, {
        onEvent: (e) => {
          if (e.type !== 'server_connected') return;
          nango.clear();
          nango.auth(cfg.approve).then((second) => resolve({ first, second }), reject);
        },
      }).catch((e) => { first = e.type; });
    }),
    async check(r) {
      assert.ok(r.ok, `the new flow must succeed on its own: ${JSON.stringify(r)}`);
      assert.equal(r.ok.first, 'cancelled');
      await assertConnection(r.ok.second, APPROVE, 'the new flow');
    },
  },
  'another client\'s auth() started from onEvent, then a call without popup': {
    shape: async ({ Nango }, cfg) => {
      const one = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      const two = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      let second;
      const first = await one.auth(cfg.approve, {
        onEvent: (e) => {
          if (e.type === 'server_connected' && !second) second = two.auth(cfg.approve);
        },
      });
      // The module still runs: a call that needs no popup completes.
      const after = await one.auth('pagerduty', { credentials: { apiKey: 'still-running' } });
      return { first, second: await second, after };
    },
    async check(r) {
      assert.ok(r.ok, JSON.stringify(r));
      await assertConnection(r.ok.first, APPROVE, 'the first flow');
      await assertConnection(r.ok.second, APPROVE, 'the flow started from onEvent');
      await assertConnection(r.ok.after, 'pagerduty', 'the call after both');
    },
  },
  'a reconnect() right after an auth()': {
    shape: async ({ Nango }, cfg) => {
      const first = await new Nango({ connectSessionToken: cfg.token, host: cfg.host }).auth(cfg.approve);
      // The app's backend makes a reconnect session for that connection.
      const answer = await fetch(`${cfg.host}/connect/sessions/reconnect`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cfg.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ connection_id: first.connectionId, integration_id: cfg.approve }),
      }).then((r) => r.json());
      const second = await new Nango({ connectSessionToken: answer.data.token, host: cfg.host }).reconnect(cfg.approve);
      return { first, second };
    },
    async check(r) {
      assert.ok(r.ok, JSON.stringify(r));
      await assertConnection(r.ok.first, APPROVE, 'the auth');
      assert.equal(r.ok.second?.connectionId, r.ok.first.connectionId, `the reconnect is the same connection: ${JSON.stringify(r)}`);
    },
  },
};

for (const [name, { shape, check, official }] of Object.entries(SHAPES)) {
  for (const origin of Object.keys(ORIGINS)) {
    for (const sdk of official ? ['ours', 'official'] : ['ours']) {
      const { repeat } = ORIGINS[origin];
      test(`${name}, page on ${origin} (${sdk === 'ours' ? 'this SDK' : '@nangohq/frontend'}), ${repeat} runs`, { skip }, async () => {
        const page = await pageFor(origin, sdk);
        for (let i = 0; i < repeat; i++) {
          const r = await run(page, shape, await config(origin));
          await check(r).catch((e) => {
            e.message = `run ${i + 1} of ${repeat}: ${e.message}`;
            throw e;
          });
        }
      });
    }
  }
}

test(`an auth() started from a Connect UI event, then a call without popup, ${REPEAT} runs`, { skip }, async () => {
  const page = await pageFor('another origin', 'ours');
  const uiBase = `${env.cross.url.replace('127.0.0.1', 'localhost')}/connect-ui`;
  for (let i = 0; i < REPEAT; i++) {
    const r = await run(page, ({ Nango }, cfg) => new Promise((resolve, reject) => {
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      let flow;
      const ui = nango.openConnectUI({
        baseURL: cfg.uiBase,
        onEvent: (e) => {
          if (e.type !== 'connect' || flow) return;
          ui.close();
          flow = nango.auth(cfg.approve);
          flow.then(async (first) => resolve({ first, after: await nango.auth('pagerduty', { credentials: { apiKey: 'still-running' } }) }), reject);
        },
      });
    }), { ...(await config('another origin')), uiBase });
    assert.ok(r.ok, `run ${i + 1}: ${JSON.stringify(r)}`);
    await assertConnection(r.ok.first, APPROVE, `run ${i + 1}: the flow started from the Connect UI event`);
    await assertConnection(r.ok.after, 'pagerduty', `run ${i + 1}: the call after it`);
  }
});

/** Clicks `#connect` of `page` (its click handler runs `window.makeCall`). */
async function clickCall(page, source, cfg) {
  await page.evaluate(([source, cfg]) => {
    const fn = new Function(`return (${source})`)();
    window.makeCall = () => fn(window.sdk, cfg);
  }, [source.toString(), cfg]);
  const slot = await page.evaluate(() => (window.outcomes || []).length);
  await page.click('#connect');
  await page.waitForFunction((slot) => window.outcomes && window.outcomes[slot], slot, { timeout: 15000 });
  return page.evaluate((slot) => window.outcomes[slot], slot);
}

for (const origin of Object.keys(ORIGINS)) {
  const { repeat } = ORIGINS[origin];
  test(`clicks with the popup blocker on, page on ${origin}: a flow, clear(), then a new flow in the next click, ${repeat} runs`, { skip }, async () => {
    const page = await pageFor(origin, 'ours', 'blocked');
    for (let i = 0; i < repeat; i++) {
      const cfg = await config(origin);
      await page.evaluate(() => { window.client = null; });
      const started = clickCall(page, ({ Nango }, cfg) => {
        window.client = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
        // The provider's page waits for a decision that never comes.
        window.first = window.client.auth('github').then(() => 'resolved', (e) => e.type);
        return Promise.resolve('started');
      }, cfg);
      assert.deepEqual((await started).ok, 'started');
      await page.evaluate(() => window.client.clear());
      assert.equal(await page.evaluate(() => window.first), 'cancelled');
      const r = await clickCall(page, ({ Nango }, cfg) => window.client.auth(cfg.approve), cfg);
      await assertConnection(r.ok, APPROVE, `run ${i + 1}: the new flow ${JSON.stringify(r)}`);
      // And a second click right after the result: a flow of its own again.
      const again = await clickCall(page, ({ Nango }, cfg) => window.client.auth(cfg.deny), cfg);
      assert.equal(again.err?.type, 'callback_err', `run ${i + 1}: the next flow's own result ${JSON.stringify(again)}`);
    }
    await page.evaluate(() => { window.client = null; window.first = null; });
  });
}

test('no uncaught errors on any page', { skip }, async () => {
  for (const [key, page] of Object.entries(env.pages)) {
    assert.deepEqual(await pageErrors(page), [], key);
  }
});
