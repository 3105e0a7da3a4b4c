// Where this package differs from @nangohq/frontend 0.71.10 on purpose:
// one entry per row of README.md's "Where we differ from @nangohq/frontend"
// table (the differential suite checks that each `name` is a row there).
// `applies(c)` says, from the generated case alone, whether the row is met;
// `normalize(c, ours, official)` checks what the row promises of ours and
// takes out of both observations what the row explains. After every
// applicable row, both observations must be equal: a difference that no
// row explains fails the suite.
import assert from 'node:assert/strict';
import { NANGO as NANGO_HOST } from './harness.mjs';

// ---- Reading the generated descriptions (see differential.test.mjs).

/** A top-level member's description, if the case's object has it. */
const member = (object, name) => object?.members?.find(([k]) => k === name)?.[1];
/** An object description's members as `for…in` sees them: own, then inherited not shadowed. */
function forIn(d) {
  const own = d.members.map(([k, v]) => [k, v]);
  const inherited = (d.inherited ?? []).filter(([k]) => !own.some(([o]) => o === k)).map(([k, v]) => [k, v]);
  return [...own, ...inherited];
}
const isStr = (d) => d?.t === 'str';
const isNullish = (d) => !d || d.t === 'null' || d.t === 'undef';
const isPlainObject = (d) => d?.t === 'obj';
/** An object `for…in` walks: an object, or an array (its indexes). */
const isGroup = (d) => d?.t === 'obj' || d?.t === 'arr';
/** A group's members as `for…in` sees them. */
const groupMembers = (d) => (d.t === 'arr' ? d.items.map((v, i) => [String(i), v]) : forIn(d));
/** What JavaScript makes of a number description with `String()`. */
const numText = (d) => (d.v === '-0' ? '0' : String(d.v));
/** The options object of an auth case. */
const optionsOf = (c) => c.options;

/** The URL characters the official SDK does not encode and that change a
 * query string when unencoded (a value's `&`, `#`, `%`, `+`; a name's `[`,
 * `]`, `=` too). */
const BREAKS_VALUE = /[&#%+]|\s$/;
const BREAKS_NAME = /[&#%+=[\]]/;

/** The query pairs of ours' one auth request. */
function oursQuery(ours) {
  assert.equal(ours.requests.length, 1, `ours made one auth request: ${JSON.stringify(ours)}`);
  return ours.requests[0].query;
}

/** Both observations past what can be compared: only ours' was checked. */
const nothingMore = () => [null, null];

const GROUPS = ['params', 'authorization_params'];

const credential = (c, name) => member(c.credentials, name);

/** Whether a field ours requires of the case's credential mode is `''`. */
function emptyRequired(c) {
  const empty = (k) => credential(c, k)?.v === '';
  const type = credential(c, 'type')?.v;
  if (type === 'TWO_STEP' || type === 'JWT') return false;
  if (type === 'SIGNATURE') return empty('username') || empty('password');
  if (type === 'AWS_SIGV4') return empty('role_arn');
  if (credential(c, 'organization_id')) return ['username', 'password', 'organization_id', 'dev_key'].some(empty);
  if (credential(c, 'apiKey')) return empty('apiKey');
  if (credential(c, 'username') || credential(c, 'password')) return ['username', 'password'].every((k) => !credential(c, k) || empty(k));
  if (credential(c, 'token_id')) return empty('token_id') || empty('token_secret');
  if (credential(c, 'client_id')) return empty('client_id');
  return false;
}

export const DEVIATIONS = [
  {
    name: 'Connect UI detectClosedAuthWindow',
    // Official: the value's text (`detectClosedAuthWindow=1`). Ours: `true` for any truthy value.
    applies: (c) => c.kind === 'connect-ui' && !isNullish(member(c.props, 'detectClosedAuthWindow')),
    normalize(c, ours, official) {
      for (const side of [ours, official]) {
        if (!side.iframe) continue;
        const value = side.iframe.params.find(([k]) => k === 'detectClosedAuthWindow');
        if (side === ours && value) assert.equal(value[1], 'true');
        side.iframe.params = side.iframe.params.filter(([k]) => k !== 'detectClosedAuthWindow');
      }
      return [ours, official];
    },
  },
  {
    name: 'a required credential field that is an empty string',
    // Official: sent; the server refuses it. Ours: missing_credentials, before any request.
    refusal: 'missing_credentials',
    applies: (c) => c.kind === 'credentials' && emptyRequired(c),
  },
  {
    name: 'username without password, or password without username',
    // Official: the body has only the one given; the server refuses it.
    // Ours: the other is sent as an empty string, as the protocol's body has both.
    applies: (c) => c.kind === 'credentials' && ['username', 'password'].filter((k) => credential(c, k)).length === 1
      && !credential(c, 'type') && !credential(c, 'organization_id') && !credential(c, 'apiKey'),
    normalize(c, ours, official) {
      for (const q of ours.requests) {
        for (const k of ['username', 'password']) {
          if (!credential(c, k)) {
            assert.equal(q.body?.[k], '', `ours sends ${k} as ""`);
            delete q.body[k];
          }
        }
      }
      // The server answered the two bodies differently.
      ours.outcome = null;
      official.outcome = null;
      return [ours, official];
    },
  },
  {
    name: 'constructor options that are getters',
    // Official: the constructor assigns config.host and config.websocketsPath,
    // which throws a TypeError for a getter-only member. Ours: reads them.
    applies: (c) => c.kind === 'config' && c.config.members.some(([k, , getter]) => getter && (k === 'host' || k === 'websocketsPath')),
    normalize(c, ours, official) {
      assert.equal(official.outcome?.err, 'TypeError');
      return nothingMore();
    },
  },
  {
    name: 'popup width and height that are not a number of pixels from 1 to 100000',
    refusal: 'invalid_options',
    // Official: any truthy value is used as it is (a falsy one ignored).
    // Ours: invalid_options, from the constructor.
    applies: (c) => c.kind === 'config' && ['width', 'height'].some((k) => {
      const d = member(c.config, k);
      return !isNullish(d) && !(d.t === 'num' && Number(d.v) >= 1 && Number(d.v) <= 100000);
    }),
  },
  {
    name: 'Connect UI baseURL that is an empty string',
    // Official: `new URL('')` throws a TypeError. Ours: the default, https://connect.nango.dev.
    applies: (c) => c.kind === 'connect-ui' && member(c.props, 'baseURL')?.v === '',
    normalize(c, ours, official) {
      assert.equal(official.outcome?.err, 'TypeError');
      assert.equal(ours.iframe?.at, 'https://connect.nango.dev/');
      return [null, null];
    },
  },
  {
    name: 'Connect UI baseURL that is not a plain http(s) URL',
    // Official: an iframe at whatever `new URL(baseURL)` makes of it (for
    // `z:/x`, the address `null/x/`). Ours: invalid_host_url, before the
    // iframe (another scheme, a user name or password, a query or fragment,
    // a host name with a character a host name cannot have).
    refusal: 'invalid_host_url',
    applies: (c) => {
      if (c.kind !== 'connect-ui') return false;
      const d = member(c.props, 'baseURL');
      if (!isStr(d) || d.v.trim() === '') return false;
      let url;
      try {
        url = new URL(d.v.trim());
      } catch {
        return false; // both refuse: "errors are AuthErrors"
      }
      return !['http:', 'https:'].includes(url.protocol) || !!url.username || !!url.password
        || /[?#]/.test(url.href) || url.host.includes('%');
    },
  },
  {
    name: 'openConnectUI without apiURL, or with an empty one',
    // Official: https://api.nango.dev (null or '': none). Ours: the client's host.
    applies: (c) => {
      if (c.kind !== 'connect-ui') return false;
      const d = member(c.props, 'apiURL');
      return isNullish(d) || (isStr(d) && d.v === '');
    },
    normalize(c, ours, official) {
      if (ours.iframe) {
        const apiURL = ours.iframe.params.find(([k]) => k === 'apiURL');
        assert.equal(apiURL?.[1], NANGO_HOST, 'ours: the client\'s host');
      }
      for (const side of [ours, official]) {
        if (side.iframe) side.iframe.params = side.iframe.params.filter(([k]) => k !== 'apiURL');
      }
      return [ours, official];
    },
  },
  {
    name: 'Connect UI props lang, themeOverride, baseURL and apiURL that are not strings',
    refusal: 'invalid_options',
    // Official: any truthy value's text. Ours: invalid_options.
    applies: (c) => c.kind === 'connect-ui' && ['lang', 'themeOverride', 'baseURL', 'apiURL'].some((k) => { const d = member(c.props, k); return !isNullish(d) && !isStr(d); }),
  },
  {
    name: 'params and authorization_params that are strings, numbers or booleans',
    refusal: 'invalid_query_params',
    // Official: `for (k in params)` over whatever it is (a string's
    // characters become params). Ours: invalid_query_params.
    applies: (c) => c.options && GROUPS.some((g) => ['str', 'num', 'bool'].includes(member(optionsOf(c), g)?.t)),
  },
  {
    name: 'params and authorization_params values that are objects or arrays',
    refusal: 'invalid_query_params',
    // Official: left out silently. Ours: invalid_query_params (the app meant to send something).
    applies: (c) => c.options && GROUPS.some((g) => { const d = member(optionsOf(c), g); return isGroup(d) && groupMembers(d).some(([, v]) => v.t === 'obj' || v.t === 'arr'); }),
  },
  {
    name: 'params and authorization_params values that are numbers, booleans or Dates',
    // Official: left out silently. Ours: sent as JavaScript prints them (a Date as its JSON text).
    applies: (c) => c.options && GROUPS.some((g) => { const d = member(optionsOf(c), g); return isGroup(d) && groupMembers(d).some(([, v]) => ['num', 'bool', 'date'].includes(v.t)); }),
    normalize(c, ours, official) {
      const extra = new Map();
      for (const g of GROUPS) {
        const d = member(optionsOf(c), g);
        if (!isGroup(d)) continue;
        for (const [k, v] of groupMembers(d)) {
          if (v.t === 'num') extra.set(`${g}[${k}]`, numText(v));
          if (v.t === 'bool') extra.set(`${g}[${k}]`, String(v.v));
          if (v.t === 'date') extra.set(`${g}[${k}]`, new Date(v.v).toISOString());
        }
      }
      for (const q of ours.requests) {
        for (const [k, v] of q.query) if (extra.has(k)) assert.equal(v, extra.get(k), `ours sends ${k} as text`);
        q.query = q.query.filter(([k]) => !extra.has(k));
      }
      // The server saw params the official did not send: it may answer otherwise.
      ours.outcome = null;
      official.outcome = null;
      return [ours, official];
    },
  },
  {
    name: 'a params member named with an empty string',
    // Official: `params[]=value` (which the server reads as an array, not a
    // connection param). Ours: invalid_query_params. A member holding null
    // or undefined is left out, as under any other name: no refusal then.
    refusal: 'invalid_query_params',
    applies: (c) => {
      const d = c.options && member(optionsOf(c), 'params');
      return isGroup(d) && groupMembers(d).some(([k, v]) => k === '' && !isNullish(v));
    },
  },
  {
    name: 'hmac that is not a string',
    refusal: 'invalid_query_params',
    // Official: any truthy value's text is sent, a falsy one ignored. Ours: invalid_query_params.
    applies: (c) => c.options && !isNullish(member(optionsOf(c), 'hmac')) && !isStr(member(optionsOf(c), 'hmac')),
  },
  {
    name: 'user_scope that is not an array of strings',
    refusal: 'invalid_query_params',
    // Official: joined with commas (a TypeError when it has no join()). Ours: invalid_query_params.
    applies: (c) => {
      const d = c.options && member(optionsOf(c), 'user_scope');
      return !isNullish(d) && !(d.t === 'arr' && d.items.every(isStr));
    },
  },
  {
    name: 'user_scope: []',
    // Official: an empty `user_scope=`. Ours: no user_scope (as no scope).
    applies: (c) => { const d = c.options && member(optionsOf(c), 'user_scope'); return d?.t === 'arr' && d.items.length === 0; },
    normalize(c, ours, official) {
      for (const q of official.requests) q.query = q.query.filter(([k, v]) => !(k === 'user_scope' && v === ''));
      return [ours, official];
    },
  },
  {
    name: 'an OAuth client override set to undefined',
    // Official: `credentials[oauth_client_secret_override]=undefined`, the
    // text, which the server then uses as the secret. Ours: not sent.
    applies: (c) => c.kind === 'oauth' && c.credentials?.members.some(([k, v]) => k.startsWith('oauth_client_') && v.t === 'undef'),
    normalize(c, ours, official) {
      const unset = c.credentials.members.filter(([, v]) => v.t === 'undef').map(([k]) => `credentials[${k}]`);
      for (const q of ours.requests) assert.ok(!q.query.some(([k]) => unset.includes(k)), 'ours sends no override that is undefined');
      for (const q of official.requests) q.query = q.query.filter(([k, v]) => !(unset.includes(k) && v === 'undefined'));
      return [ours, official];
    },
  },
  {
    name: 'unencoded query values',
    // Official: hmac, user_scope and authorization_params names and values
    // go into the query string unencoded: `&`, `#`, `%`, `+` (and `[`, `]`,
    // `=` in a name) change what the server reads. Ours encodes every part:
    // the server reads the app's values.
    applies: (c) => {
      const o = c.options;
      if (!o) return false;
      const hmac = member(o, 'hmac');
      const scope = member(o, 'user_scope');
      const auth = member(o, 'authorization_params');
      return (isStr(hmac) && BREAKS_VALUE.test(hmac.v))
        || (scope?.t === 'arr' && scope.items.some((i) => isStr(i) && BREAKS_VALUE.test(i.v)))
        || (isGroup(auth) && groupMembers(auth).some(([k, v]) => BREAKS_NAME.test(k) || (isStr(v) && BREAKS_VALUE.test(v.v))));
    },
    normalize(c, ours, official) {
      if (ours.requests.length > 0) {
        const query = oursQuery(ours);
        const o = c.options;
        const hmac = member(o, 'hmac');
        if (isStr(hmac) && hmac.v) assert.deepEqual(query.filter(([k]) => k === 'hmac'), [['hmac', hmac.v]]);
        const scope = member(o, 'user_scope');
        if (scope?.t === 'arr' && scope.items.length) assert.deepEqual(query.filter(([k]) => k === 'user_scope'), [['user_scope', scope.items.map((i) => i.v).join(',')]]);
        const auth = member(o, 'authorization_params');
        if (isGroup(auth)) {
          for (const [k, v] of groupMembers(auth)) {
            if (isStr(v)) assert.ok(query.some(([qk, qv]) => qk === `authorization_params[${k}]` && qv === v.v), `ours sends authorization_params[${k}]`);
          }
        }
      }
      // The server read something else from the official's query: nothing more compares.
      for (const side of [ours, official]) {
        side.outcome = null;
        for (const q of side.requests) q.query = null;
      }
      return [ours, official];
    },
  },
  {
    name: 'errors are AuthErrors',
    // Official: a request that cannot reach the server (no host, a refused
    // connection) rejects with fetch's TypeError; an unparsable Connect UI
    // baseURL throws `new URL`'s TypeError. Ours: an AuthError
    // (`network_error`, `invalid_host_url`).
    applies: () => true,
    normalize(c, ours, official) {
      if (official.outcome?.err === 'TypeError' && ['network_error', 'invalid_host_url'].includes(ours.outcome?.err)) {
        official.outcome = ours.outcome;
      }
      return [ours, official];
    },
  },
];

/** Both observations, minus what the applicable deviations explain, must
 * be equal; throws (naming the deviations applied) otherwise. */
export function compare(c, ours, official) {
  // Refusals first: ours refuses before any request, with the type of one
  // of the rows that apply (its checks run in an order of their own).
  const refusals = DEVIATIONS.filter((d) => d.refusal && d.applies(c));
  if (refusals.length) {
    const types = [...new Set(refusals.map((d) => d.refusal))];
    assert.ok(types.includes(ours.outcome?.err) && (ours.requests ?? []).length === 0,
      `deviations ${refusals.map((d) => `"${d.name}"`).join(', ')}: ours must refuse with ${types.join(' or ')} before any request\nours:     ${JSON.stringify(ours)}\nofficial: ${JSON.stringify(official)}`);
    return;
  }
  let a = structuredClone(ours);
  let b = structuredClone(official);
  const applied = [];
  for (const d of DEVIATIONS) {
    if (a === null) break;
    if (d.normalize && d.applies(c)) {
      try {
        [a, b] = d.normalize(c, a, b);
      } catch (e) {
        e.message = `deviation "${d.name}": ${e.message}\nours:     ${JSON.stringify(ours)}\nofficial: ${JSON.stringify(official)}`;
        throw e;
      }
      applied.push(d.name);
    }
  }
  try {
    assert.deepEqual(a, b);
  } catch (e) {
    e.message = `ours and the official differ (deviations applied: ${applied.join(', ') || 'none'})\nours:     ${JSON.stringify(a)}\nofficial: ${JSON.stringify(b)}`;
    throw e;
  }
}
