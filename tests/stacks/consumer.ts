// Code written against the official SDK's types and documentation, checked
// with `tsc --strict --noEmit`. Lines marked @ts-expect-error are misuse that
// must not compile.
import Nango, { AuthError, ConnectUI } from 'nango-frontend-wasm';
import type {
    AuthErrorType,
    AuthEvent,
    AuthOptions,
    AuthResult,
    AuthSuccess,
    ConnectionConfig,
    ConnectUIEvent,
    ConnectUIProps,
    ConnectUISettings,
    NangoOptions,
    OAuthCredentialsOverride,
    TBACredentials,
    TwoStepCredentials
} from 'nango-frontend-wasm';

const options: NangoOptions = { connectSessionToken: 'nango_connect_session_x', host: 'https://api.nango.dev', width: 500, height: 600, debug: true };
const nango = new Nango(options);
new Nango({ publicKey: '00000000-0000-4000-8000-000000000000' });
new Nango();

async function everyMethod(): Promise<void> {
    const a: AuthResult = await nango.auth('zendesk', { credentials: { apiKey: 'k' }, params: { subdomain: 'acme' } });
    const b: AuthSuccess = await nango.auth('github', 'connection-id', { detectClosedAuthWindow: true });
    await nango.auth('jira', { credentials: { username: 'u', password: 'p' } });
    await nango.auth('github', { user_scope: ['chat:write'], authorization_params: { prompt: 'consent', access_type: undefined }, hmac: 'h' });
    const overrides: OAuthCredentialsOverride = { oauth_client_id_override: 'id', oauth_client_secret_override: 's' };
    await nango.auth('github', { credentials: overrides });
    const tba: TBACredentials = { token_id: 't', token_secret: 's' };
    await nango.auth('netsuite', { credentials: tba, params: { accountId: '1' } });
    await nango.auth('ghost', { credentials: { type: 'JWT', privateKey: { id: 'a', secret: 'b' } } });
    await nango.auth('bill', { credentials: { username: 'u', password: 'p', organization_id: 'o', dev_key: 'd' } });
    const twoStep: TwoStepCredentials = { type: 'TWO_STEP', anything: 1 };
    await nango.auth('two-step', { credentials: twoStep, assertionOption: { method: 'sms' } });
    await nango.auth('wsse', { credentials: { type: 'SIGNATURE', username: 'u', password: 'p' } });
    await nango.auth('aws', { credentials: { type: 'AWS_SIGV4', role_arn: 'arn', region: 'eu-west-1' } });
    await nango.auth('cc', { credentials: { client_id: 'c', client_secret: 's' } });
    await nango.auth('app', { installation: 'outbound' });
    // Additions of this SDK.
    await nango.auth('github', { timeout: 60_000, signal: new AbortController().signal, popup: window.open('') });
    await nango.auth('github', {
        onEvent: (event: AuthEvent) => {
            if (event.type === 'result_received') console.log(event.via);
            if (event.type === 'settled' && !event.ok) console.log(event.errorType, event.at);
        }
    });
    const config: ConnectionConfig = { params: { region: 'eu' } };
    const c: AuthResult = await nango.create('public-api', config);
    await nango.create('public-api', 'connection-id', config);
    await nango.reconnect('github', { detectClosedAuthWindow: true });
    nango.clear();
    const props: ConnectUIProps = {
        baseURL: 'https://connect.nango.dev',
        apiURL: 'https://api.nango.dev',
        onEvent: (event: ConnectUIEvent) => {
            if (event.type === 'connect') console.log(event.payload.connectionId);
            if (event.type === 'error') console.log(event.payload.errorType, event.payload.errorMessage);
        },
        detectClosedAuthWindow: true,
        lang: 'fr',
        themeOverride: 'dark'
    };
    const ui: ConnectUI = nango.openConnectUI(props);
    ui.setSessionToken('nango_connect_session_y');
    ui.open();
    ui.close();
    new ConnectUI({ sessionToken: 't' }).open();
    console.log(a.providerConfigKey, b.connectionId, c.isPending);
}

// Written for the official union: the official keys are enough.
const messages: Record<AuthErrorType, string> = {
    missing_auth_token: 'a',
    blocked_by_browser: 'b',
    invalid_host_url: 'c',
    missing_credentials: 'd',
    window_closed: 'e',
    connection_test_failed: 'f',
    missing_connect_session_token: 'g',
    connection_validation_failed: 'h',
    resource_capped: 'i',
    unknown_error: 'j'
};

function settingsOf(event: ConnectUIEvent): ConnectUISettings | undefined {
    return event.type === 'settings_changed' ? event.payload : undefined;
}

function handle(e: unknown): AuthErrorType | undefined {
    if (e instanceof AuthError) {
        const t: AuthErrorType = e.type;
        const s: number | undefined = e.status;
        const m: string = e.message;
        console.log(s, m);
        return t;
    }
    return undefined;
}

function misuse(opts: AuthOptions): void {
    // @ts-expect-error the integration id is a string
    void nango.auth(42);
    // @ts-expect-error a token and a public key are exclusive
    new Nango({ connectSessionToken: 't', publicKey: 'k' });
    // @ts-expect-error width is a number
    new Nango({ width: '500' });
    // @ts-expect-error params are strings
    void nango.auth('x', { params: { subdomain: 1 } });
    // @ts-expect-error events have no such type
    void nango.auth('x', { onEvent: (e) => e.type === 'popup_moved' });
    // @ts-expect-error user_scope is an array
    void nango.auth('x', { user_scope: 'a,b' });
    // @ts-expect-error results have no such field
    void nango.auth('x', opts).then((r) => r.accessToken);
    // @ts-expect-error clear returns nothing to await on
    void nango.clear().then(() => 1);
    // @ts-expect-error themeOverride is light, dark or system
    nango.openConnectUI({ themeOverride: 'blue' });
    const ui = new ConnectUI({});
    // @ts-expect-error the iframe is the UI's own
    ui.iframe = null;
}

void everyMethod;
void messages;
void settingsOf;
void handle;
void misuse;
