// The official SDK's documented API-key flow, unchanged but for the import
// line. The page reads the dev server's URL and a session token from its
// query string and reports the outcome in window.result.
import Nango, { AuthError } from 'nango-frontend-wasm';

const query = new URLSearchParams(location.search);
const nango = new Nango({ connectSessionToken: query.get('token'), host: query.get('host') });

nango
  .auth('zendesk', { credentials: { apiKey: 'stack-test-key' }, params: { subdomain: 'acme' } })
  .then((result) => {
    window.result = { ok: result };
  })
  .catch((error) => {
    window.result = { error: { type: error.type, message: error.message, isAuthError: error instanceof AuthError } };
  });
