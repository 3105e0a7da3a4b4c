// Differential property tests against the official SDK: fast-check
// generates option objects, constructor configs and Connect UI props from
// arbitraries that cover every documented member and the values real apps
// pass (strings with URL metacharacters and non-ASCII, NaN, ±Infinity, -0,
// booleans, null, undefined, Dates, arrays, nested objects, class
// instances, inherited members, getters, extra members of any kind). Each
// case runs through `@nangohq/frontend` 0.71.10 and through this package in
// the browser, against the dev server: the requests it received (path,
// query pairs in order, JSON body) and the outcome (resolved value, error
// type), or the Connect UI's iframe URL, must be equal, except where a
// deviation of `differential-deviations.mjs` (README's "Where we differ
// from @nangohq/frontend" table, row by row) applies. A failure prints the
// seed and the shrunk case. `make test` runs its cases from a fixed seed,
// so that CI is the same run every time; NANGO_DIFF_RUNS sets the number of
// cases and, set, draws a random seed (`make fuzz`: many more, each run new
// ones); NANGO_DIFF_SEED replays a seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENGINE, NANGO, PUBLIC_KEY, supports, startAppServer, launchBrowser, openAppPage, sessionToken, recording } from './harness.mjs';
import { DEVIATIONS, compare } from './differential-deviations.mjs';

const RUNS = Number(process.env.NANGO_DIFF_RUNS || (ENGINE === 'chromium' ? 240 : 60));
const FIXED_SEED = 20261207;
const SEED = process.env.NANGO_DIFF_SEED ? Number(process.env.NANGO_DIFF_SEED)
  : process.env.NANGO_DIFF_RUNS ? undefined : FIXED_SEED;
const popups = supports('popups');
const env = {};

before(async () => {
  env.app = await startAppServer();
  // OAuth cases call auth() from the test, not from a click.
  env.browser = await launchBrowser({ popupBlockerOff: popups });
  env.pages = {
    ours: await openAppPage(env.browser, env.app.url),
    official: await openAppPage(env.browser, env.app.url, { official: true }),
  };
  for (const page of Object.values(env.pages)) await page.evaluate(MATERIALIZE);
});

after(async () => {
  await env.browser?.close();
  await env.app?.close();
});

// ---- Values: generated as descriptions, made into real values in the page.

/** Installs `window.make(description)` in the page. */
const MATERIALIZE = () => {
  class Settings {}
  const make = (d) => {
    switch (d.t) {
      case 'str': return d.v.replace('NANGO', window.NANGO_HOST);
      case 'bool': return d.v;
      case 'num': return { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 }[d.v] ?? d.v;
      case 'null': return null;
      case 'undef': return undefined;
      case 'date': return new Date(d.v);
      case 'bigint': return BigInt(d.v);
      case 'fn': return () => d.v;
      case 'arr': return d.items.map(make);
      case 'cycle': { const o = { name: 'app-state' }; o.self = o; return o; }
      case 'obj': {
        // Inherited members live on a prototype; a class instance has Settings' prototype.
        const proto = d.inherited?.length ? Object.create(d.cls ? Settings.prototype : Object.prototype) : d.cls ? Settings.prototype : Object.prototype;
        for (const [k, v, getter] of d.inherited ?? []) {
          if (getter) Object.defineProperty(proto, k, { enumerable: true, configurable: true, get: () => make(v) });
          else proto[k] = make(v);
        }
        const o = Object.create(proto);
        for (const [k, v, getter] of d.members) {
          const value = getter ? { get: () => make(v) } : { value: make(v), writable: true };
          Object.defineProperty(o, k, { enumerable: true, configurable: true, ...value });
        }
        return o;
      }
      default: throw new Error(`unknown description ${JSON.stringify(d)}`);
    }
  };
  window.make = make;
};

const str = (v) => ({ t: 'str', v });
const text = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'a Z0&=#?/+%[]:;,é✓ ~'), minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
const strD = text.map(str);
const numD = fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0'))
  .map((v) => ({ t: 'num', v }));
const boolD = fc.boolean().map((v) => ({ t: 'bool', v }));
const nullishD = fc.constantFrom({ t: 'null' }, { t: 'undef' });
const dateD = fc.integer({ min: 0, max: 2e12 }).map((v) => ({ t: 'date', v }));
/** Any value an app may hold, nested a little. */
const anyD = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 4, arbitrary: strD }, { weight: 2, arbitrary: numD }, { weight: 1, arbitrary: boolD }, { weight: 1, arbitrary: nullishD },
    { weight: 1, arbitrary: dateD }, { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }).map((items) => ({ t: 'arr', items })) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), tie('value'), fc.constant(false)), { maxLength: 3 }).map((members) => ({ t: 'obj', members })) },
  ),
})).value;
/** A member the SDK does not know, of any kind (never read: it must not matter). */
const extraD = fc.oneof(anyD, fc.constant({ t: 'cycle' }), fc.bigInt({ min: -9n, max: 2n ** 70n }).map((v) => ({ t: 'bigint', v: String(v) })), fc.constant({ t: 'fn', v: 1 }));

/** An object of `valueArb` members: own, as getters, inherited; sometimes a class instance. */
function objectD(keyArb, valueArb, { inherited = true, maxLength = 3 } = {}) {
  const member = fc.tuple(keyArb, valueArb, fc.boolean());
  return fc.record({
    members: fc.uniqueArray(member, { selector: (m) => m[0], maxLength }),
    inherited: inherited ? fc.uniqueArray(member, { selector: (m) => m[0], maxLength: 2 }) : fc.constant([]),
    cls: fc.boolean(),
  }).map(({ members, inherited, cls }) => ({ t: 'obj', members, inherited, cls }));
}

const paramKey = fc.oneof(fc.constantFrom('subdomain', 'oauth_scopes_override', 'region', 'instance'), fc.stringMatching(/^[a-z_]{1,8}$/), text);
/** A params / authorization_params value: mostly strings. */
const groupValueD = fc.oneof({ weight: 6, arbitrary: strD }, { weight: 1, arbitrary: numD }, { weight: 1, arbitrary: boolD }, { weight: 1, arbitrary: nullishD }, { weight: 1, arbitrary: anyD });

/** The credentials of each credential mode (with what its body must hold). */
const credentialsD = fc.oneof(
  fc.record({ apiKey: strD }),
  fc.record({ username: strD, password: strD }),
  fc.record({ username: strD }),
  fc.record({ token_id: strD, token_secret: strD }),
  fc.record({ type: fc.constant(str('JWT')), privateKey: fc.oneof(strD, fc.record({ id: strD, secret: strD }).map((m) => ({ t: 'obj', members: Object.entries(m).map(([k, v]) => [k, v, false]) }))) }),
  fc.record({ username: strD, password: strD, organization_id: strD, dev_key: strD }),
  fc.record({ type: fc.constant(str('TWO_STEP')), username: strD, password: strD }),
  fc.record({ type: fc.constant(str('SIGNATURE')), username: strD, password: strD }),
  fc.record({ type: fc.constant(str('AWS_SIGV4')), role_arn: strD, region: fc.option(strD, { nil: undefined }) }, { requiredKeys: ['type', 'role_arn'] }),
  fc.record({ client_id: strD, client_secret: strD }),
).map((c) => ({ t: 'obj', members: Object.entries(c).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v, false]) }));

/** The integration of each credential mode on the dev server. */
const MODE_INTEGRATION = { apiKey: 'zendesk', username: 'jira-basic', token_id: 'netsuite-tba', JWT: 'ghost-admin', organization_id: 'bill', TWO_STEP: 'two-step', SIGNATURE: 'wsse', AWS_SIGV4: 'aws', client_id: 'oauth2-cc' };
function integrationFor(credentials) {
  const keys = credentials.members.map(([k]) => k);
  const type = credentials.members.find(([k]) => k === 'type')?.[1].v;
  return MODE_INTEGRATION[type] ?? MODE_INTEGRATION[['organization_id', 'token_id', 'client_id', 'apiKey', 'username'].find((k) => keys.includes(k))];
}

/** Members common to both kinds of auth options. */
const sharedMembers = {
  params: fc.oneof({ weight: 4, arbitrary: objectD(paramKey, groupValueD) }, { weight: 1, arbitrary: anyD }),
  hmac: fc.oneof({ weight: 4, arbitrary: strD }, { weight: 1, arbitrary: anyD }),
  user_scope: fc.oneof({ weight: 4, arbitrary: fc.array(strD, { maxLength: 3 }).map((items) => ({ t: 'arr', items })) }, { weight: 1, arbitrary: anyD }),
  detectClosedAuthWindow: fc.oneof(boolD, anyD),
};

/** Top-level options: known members (own, getters, inherited) and extras. */
function optionsD(known) {
  const memberArbs = Object.entries(known).map(([k, arb]) => fc.option(fc.tuple(fc.constant(k), arb, fc.boolean()), { nil: undefined, freq: 2 }));
  return fc.record({
    members: fc.tuple(...memberArbs).map((ms) => ms.filter(Boolean)),
    extras: fc.uniqueArray(fc.tuple(fc.stringMatching(/^(app|ui|x)[A-Z][a-z]{0,5}$/), extraD, fc.boolean()), { selector: (m) => m[0], maxLength: 2 }),
    cls: fc.boolean(),
  }).map(({ members, extras, cls }) => ({ t: 'obj', members: [...members, ...extras], inherited: [], cls }));
}

const credentialCase = fc.record({
  kind: fc.constant('credentials'),
  credentials: credentialsD,
  options: optionsD({ ...sharedMembers, authorization_params: objectD(paramKey, groupValueD) }),
  connectionId: fc.constant(null),
});

const overridesD = fc.record({
  oauth_client_id_override: fc.oneof({ weight: 5, arbitrary: strD }, { weight: 1, arbitrary: fc.constant({ t: 'undef' }) }),
  oauth_client_secret_override: fc.oneof({ weight: 5, arbitrary: strD }, { weight: 1, arbitrary: fc.constant({ t: 'undef' }) }),
}).map((c) => ({ t: 'obj', members: Object.entries(c).map(([k, v]) => [k, v, false]) }));
const oauthCase = fc.record({
  kind: fc.constant('oauth'),
  credentials: fc.option(overridesD, { nil: null }),
  options: optionsD({ ...sharedMembers, authorization_params: objectD(paramKey, groupValueD) }),
  connectionId: fc.constant(null),
});

const configCase = fc.record({
  kind: fc.constant('config'),
  config: optionsD({
    host: fc.oneof({ weight: 6, arbitrary: fc.constant(str('NANGO')) }, { weight: 1, arbitrary: fc.constantFrom(str(''), str('not a url'), str('NANGO/')) }),
    websocketsPath: fc.oneof(fc.constant(str('/')), strD),
    width: fc.oneof(fc.integer({ min: 1, max: 2000 }).map((v) => ({ t: 'num', v })), anyD),
    height: fc.oneof(fc.integer({ min: 1, max: 2000 }).map((v) => ({ t: 'num', v })), anyD),
    debug: fc.oneof(boolD, anyD),
  }),
  credential: fc.constantFrom('token', 'publicKey', 'none'),
});

const uiCase = fc.record({
  kind: fc.constant('connect-ui'),
  props: optionsD({
    baseURL: fc.oneof(fc.constantFrom(str('https://connect.example.com'), str('https://connect.example.com/ui'), str('http://127.0.0.1:9/connect/')), strD),
    apiURL: fc.oneof(fc.constantFrom(str('https://api.example.com')), strD, nullishD),
    detectClosedAuthWindow: fc.oneof(boolD, anyD),
    lang: fc.oneof(fc.constantFrom(str('fr'), str('de')), strD, nullishD),
    themeOverride: fc.oneof(fc.constantFrom(str('dark'), str('light'), str('system')), strD),
  }),
});

// ---- Running a case through one SDK.

const AUTH_PATH = /^\/(oauth\/connect|api-auth|auth|oauth2\/auth)\//;

/** What the server received: the auth requests, with their query pairs as
 * sent (split on & and the first =, then each side decoded). */
function received(requests) {
  return requests.filter((r) => r.method !== 'OPTIONS' && AUTH_PATH.test(new URL(r.url).pathname)).map((r) => {
    const raw = r.url.slice(NANGO.length);
    const at = raw.indexOf('?');
    const [path, query] = at < 0 ? [raw, ''] : [raw.slice(0, at), raw.slice(at + 1)];
    // As the server reads a query string (a `+` is a space).
    const decode = (s) => { try { return decodeURIComponent(s.replaceAll('+', ' ')); } catch { return s; } };
    const pairs = query.split('&').filter(Boolean).map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    }).filter(([k]) => k !== 'ws_client_id' && k !== 'connect_session_token');
    let body = r.body ?? null;
    try { body = body === null ? null : JSON.parse(body); } catch { /* as text */ }
    return { method: r.method, path: decodeURIComponent(path), query: pairs, body };
  });
}

/** Runs `c` in the page of `sdk`; `{ outcome, requests }` or, for the
 * Connect UI, `{ outcome, iframe }`. */
async function runCase(sdk, c) {
  const cfg = { c, host: NANGO, token: await sessionToken(), publicKey: PUBLIC_KEY, integrationFor: undefined };
  if (c.kind === 'credentials') cfg.id = integrationFor(c.credentials);
  if (c.kind === 'oauth') cfg.id = 'github-auto-deny';
  const { result, requests } = await recording(() => env.pages[sdk].evaluate(async (cfg) => {
    const { Nango, AuthError, ConnectUI } = window.sdk;
    const { c } = cfg;
    const typeOf = (e) => (e instanceof AuthError ? e.type : `${e?.name ?? typeof e}`);
    window.NANGO_HOST = cfg.host;
    try {
      if (c.kind === 'connect-ui') {
        const props = window.make(c.props);
        const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
        const ui = nango.openConnectUI(props);
        const iframe = document.getElementById('connect-ui');
        const src = iframe?.src ?? null;
        ui.close();
        document.getElementById('connect-ui')?.remove();
        return { outcome: { ok: 'opened' }, iframe: src };
      }
      if (c.kind === 'config') {
        const config = window.make(c.config);
        if (c.credential === 'token') config.connectSessionToken = cfg.token;
        if (c.credential === 'publicKey') config.publicKey = cfg.publicKey;
        const nango = new Nango(config);
        const ok = await nango.auth('pagerduty', { credentials: { apiKey: 'differential' } });
        return { outcome: { ok: { providerConfigKey: ok.providerConfigKey } } };
      }
      const options = window.make(c.options);
      if (c.credentials) options.credentials = window.make(c.credentials);
      const nango = new Nango({ connectSessionToken: cfg.token, host: cfg.host });
      const ok = await Promise.race([
        nango.auth(cfg.id, options),
        new Promise((_, reject) => setTimeout(() => reject(new Error('hung')), 8000)),
      ]);
      return { outcome: { ok: { providerConfigKey: ok?.providerConfigKey, isPending: ok?.isPending ?? false, hasConnectionId: !!ok?.connectionId } } };
    } catch (e) {
      return { outcome: { err: typeOf(e) } };
    }
  }, cfg));
  // The Connect UI reads its URL's searchParams: compared as it reads them.
  const iframe = result.iframe && (() => { const u = new URL(result.iframe); return { at: u.origin + u.pathname, params: [...u.searchParams] }; })();
  return { ...result, ...(result.iframe !== undefined ? { iframe } : {}), requests: received(requests) };
}

/** A case, through both SDKs: a failure names the deviation it is not. */
async function check(c) {
  const official = await runCase('official', c);
  const ours = await runCase('ours', c);
  compare(c, ours, official);
}

/** Runs the property; a failure shows the seed, the shrunk case and what
 * both SDKs did with it. */
async function property(arbitrary, runs) {
  const out = await fc.check(fc.asyncProperty(arbitrary, check), {
    numRuns: runs,
    seed: SEED,
    // Each case is real requests: keep shrinking bounded.
    endOnFailure: true,
  });
  if (out.failed) {
    const e = out.errorInstance instanceof Error ? out.errorInstance : new Error(String(out.errorInstance));
    e.message = `seed ${out.seed} (NANGO_DIFF_SEED=${out.seed} replays it), shrunk ${out.numShrinks} times\ncase: ${JSON.stringify(out.counterexample[0])}\n${e.message}`;
    throw e;
  }
}

const share = (n) => Math.max(4, Math.round(RUNS * n));

test(`credential modes: ${share(0.55)} generated option objects through both SDKs`, () => property(credentialCase, share(0.55)));
test(`the OAuth popup URL: ${share(0.15)} generated option objects through both SDKs`, { skip: !popups && `${ENGINE}: no popups` }, () => property(oauthCase, share(0.15)));
test(`constructor configs: ${share(0.15)} generated through both SDKs`, () => property(configCase, share(0.15)));
test(`Connect UI props: ${share(0.15)} generated through both SDKs`, () => property(uiCase, share(0.15)));

test('the deviations are exactly the "differential" rows of both READMEs\' tables', async () => {
  const { readFile } = await import('node:fs/promises');
  for (const file of ['../../README.md', '../../pkg-template/README.md']) {
    const readme = await readFile(new URL(file, import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| ([^|]+) \|.*\| differential \|$/gm)].map((m) => m[1].trim());
    assert.deepEqual(rows.toSorted(), DEVIATIONS.map((d) => d.name).toSorted(), file);
  }
});
