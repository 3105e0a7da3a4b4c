// Acme CRM's "Integrations" settings page: every way an end user connects an
// account through the app's own UI, with nango-frontend-wasm.
//
// The app's backend (here, routes of the dev server under /app/) creates the
// connect session with its secret key; the page only ever sees the
// short-lived session token.
import Nango, { AuthError } from 'nango-frontend-wasm';

const host = location.origin; // the dev server; https://api.nango.dev in production
const grid = document.getElementById('integrations');
const sessionLine = document.getElementById('session');

/** The form each auth mode needs: credential fields and fixed credential values. */
const FORMS = {
  OAUTH2: { fields: [], fixed: {} },
  API_KEY: { fields: [['apiKey', 'API key', 'password']], fixed: {} },
  BASIC: { fields: [['username', 'Username or email'], ['password', 'Password or API token', 'password']], fixed: {} },
  TBA: { fields: [['token_id', 'Token ID'], ['token_secret', 'Token secret', 'password']], fixed: {} },
  JWT: { fields: [['privateKeyId', 'Key ID'], ['issuerId', 'Issuer ID'], ['privateKey', 'Private key', 'password']], fixed: { type: 'JWT' } },
  BILL: { fields: [['username', 'Username'], ['password', 'Password', 'password'], ['organization_id', 'Organization ID'], ['dev_key', 'Developer key', 'password']], fixed: {} },
  TWO_STEP: { fields: [['username', 'Username'], ['password', 'Password', 'password']], fixed: { type: 'TWO_STEP' } },
  SIGNATURE: { fields: [['username', 'Username'], ['password', 'Password', 'password']], fixed: { type: 'SIGNATURE' } },
  AWS_SIGV4: { fields: [['role_arn', 'IAM role ARN'], ['region', 'Region (optional)']], fixed: { type: 'AWS_SIGV4' } },
  OAUTH2_CC: { fields: [['client_id', 'Client ID'], ['client_secret', 'Client secret', 'password']], fixed: {} },
  NONE: { fields: [], fixed: {} },
  APP: { fields: [], fixed: {} },
};

/** Calls the app's own backend. */
async function appBackend(path, body) {
  const res = await fetch(path, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json?.error?.message || json?.error?.code || `HTTP ${res.status}`);
  return json;
}

async function newSessionToken(body = {}) {
  return (await appBackend('/app/session', body)).data.token;
}

function input(name, label, type = 'text', placeholder = '') {
  const wrap = document.createElement('label');
  wrap.textContent = label;
  const field = document.createElement('input');
  Object.assign(field, { name, type, placeholder, autocomplete: 'off' });
  wrap.append(field);
  return wrap;
}

function setStatus(card, kind, html) {
  const status = card.querySelector('.status');
  status.className = `status ${kind}`;
  status.innerHTML = html;
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the user typed: the credentials object and the connection params. */
function readForm(form, integration) {
  const spec = FORMS[integration.auth_mode] || FORMS.API_KEY;
  const data = new FormData(form);
  const credentials = { ...spec.fixed };
  for (const [name] of spec.fields) {
    const value = data.get(name);
    if (value !== '' || name !== 'region') credentials[name] = value; // region is optional
  }
  const params = {};
  for (const p of integration.connection_config || []) {
    const value = data.get(`param:${p.name}`);
    if (value) params[p.name] = value;
  }
  const scopes = data.get('param:oauth_scopes_override');
  if (scopes) params.oauth_scopes_override = scopes;
  return { credentials, params };
}

/** What the card says while an OAuth flow goes on, from the SDK's progress
 * events (`onEvent`). */
function showProgress(card, integration) {
  const provider = integration.display_name.split(' ')[0];
  const text = {
    server_connected: `Waiting for ${provider}… log in and approve in the window.`,
    popup_closed: 'Popup closed.',
    result_received: `${provider} answered; finishing…`,
  };
  return (event) => {
    if (text[event.type]) setStatus(card, 'loading', escape(text[event.type]));
  };
}

/** Starts the right call for the integration's auth mode. Runs synchronously
 * inside the click: for OAuth the SDK opens its popup right here. */
function startAuth(nango, integration, form, { reconnect = false, popup, onEvent } = {}) {
  const { credentials, params } = readForm(form, integration);
  const id = integration.unique_key;
  const method = reconnect ? 'reconnect' : 'auth';
  switch (integration.auth_mode) {
    case 'OAUTH2':
      return nango[method](id, { params, detectClosedAuthWindow: true, popup, onEvent });
    case 'NONE':
      return nango.create(id, { params });
    case 'APP':
      return nango[method](id, { installation: 'outbound', params });
    default:
      return nango[method](id, { credentials, params });
  }
}

async function showResult(card, integration, promise) {
  const button = card.querySelector('button.primary');
  button.disabled = true;
  setStatus(card, 'loading', integration.auth_mode === 'OAUTH2' ? 'Opening the authorization window…' : 'Connecting…');
  try {
    const result = await promise;
    card.dataset.connectionId = result.connectionId;
    const stored = await appBackend(`/app/connection/${encodeURIComponent(result.connectionId)}?provider_config_key=${encodeURIComponent(result.providerConfigKey)}`);
    const config = JSON.stringify(stored.connection_config);
    setStatus(card, 'success', `Connected${result.isPending ? ' (pending)' : ''} · connection <code class="connection-id">${escape(result.connectionId)}</code>` +
      `<span class="stored">Stored by Nango: <code class="stored-config">${escape(config)}</code></span>`);
    card.querySelector('.reconnect').hidden = integration.auth_mode === 'NONE';
  } catch (e) {
    const type = e instanceof AuthError ? e.type : 'unexpected';
    const message = type === 'window_closed' ? 'Popup closed before the authorization finished.' : e.message;
    setStatus(card, 'error', `<code class="error-type">${escape(type)}</code> ${escape(message)}`);
  } finally {
    button.disabled = false;
  }
}

function renderCard(integration, nango) {
  const card = document.getElementById('card').content.firstElementChild.cloneNode(true);
  card.id = `integration-${integration.unique_key}`;
  card.querySelector('h2').textContent = integration.display_name;
  card.querySelector('.mode').textContent = integration.auth_mode.replace('_', ' ');
  const fields = card.querySelector('.fields');
  const spec = FORMS[integration.auth_mode] || FORMS.API_KEY;
  for (const [name, label, type] of spec.fields) fields.append(input(name, label, type));
  for (const p of integration.connection_config || []) {
    fields.append(input(`param:${p.name}`, `${p.label || p.name}${p.required ? '' : ' (optional)'}`, 'text', p.example || ''));
  }
  if (integration.auth_mode === 'OAUTH2') {
    fields.append(input('param:oauth_scopes_override', 'Scopes override (optional)', 'text', (integration.scopes || []).join(',')));
  }
  const form = card.querySelector('form');
  const submit = card.querySelector('button.primary');
  submit.textContent = { OAUTH2: `Connect ${integration.display_name.split(' ')[0]}`, NONE: 'Enable', APP: 'Install' }[integration.auth_mode] || 'Connect';

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const run = startAuth(nango, integration, form, { onEvent: showProgress(card, integration) });
    showResult(card, integration, run);
  });

  card.querySelector('.reconnect').addEventListener('click', () => {
    // The reconnect token comes from the backend (an await), and browsers
    // block popups opened after an await: open the window first, hand it over.
    const popup = integration.auth_mode === 'OAUTH2' ? window.open('', '_blank', 'width=500,height=600') : undefined;
    const run = (async () => {
      const token = await newSessionToken({ reconnect: { connection_id: card.dataset.connectionId, integration_id: integration.unique_key } });
      const onEvent = showProgress(card, integration);
      return startAuth(new Nango({ connectSessionToken: token, host }), integration, form, { reconnect: true, popup, onEvent });
    })();
    run.catch(() => popup?.close());
    showResult(card, integration, run);
  });
  return card;
}

async function main() {
  document.getElementById('user').textContent = 'demo@example.com';
  let token;
  try {
    token = await newSessionToken();
  } catch (e) {
    sessionLine.textContent = `Could not start a connect session: ${e.message}`;
    return;
  }
  sessionLine.textContent = 'Connect session ready (valid 30 minutes).';
  const nango = new Nango({ connectSessionToken: token, host });
  const res = await fetch(`${host}/connect/integrations`, { headers: { authorization: `Bearer ${token}` } });
  const { data } = await res.json();
  for (const integration of data) grid.append(renderCard(integration, nango));
  document.body.dataset.ready = 'true';
}

main();
