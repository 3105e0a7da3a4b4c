// Types of nango-frontend-wasm: the shapes of @nangohq/frontend, plus the
// options this SDK adds (timeout, signal, popup, onEvent), its progress
// events and the error types it adds.

/**
 * The `type` of an `AuthError`: the official SDK's types, and any other
 * string (the types this SDK adds, `MoreAuthErrorType`, and the Nango
 * server's codes). Only the official literals are members, so a
 * `Record<AuthErrorType, ...>` written for the official SDK still compiles.
 */
export type AuthErrorType =
    | 'missing_auth_token'
    | 'blocked_by_browser'
    | 'invalid_host_url'
    | 'missing_credentials'
    | 'window_closed'
    | 'connection_test_failed'
    | 'missing_connect_session_token'
    | 'connection_validation_failed'
    | 'resource_capped'
    | 'unknown_error'
    | (string & {});

/** The types this SDK adds, and the server codes it also raises before any request for the same fault. */
export type MoreAuthErrorType =
    | 'network_error'
    | 'timeout'
    | 'aborted'
    | 'cancelled'
    | 'connection_id_unavailable'
    | 'unsupported_environment'
    | 'invalid_options'
    | 'invalid_connect_session_token_format'
    | 'unknown_connect_session_token'
    | 'invalid_public_key'
    | 'invalid_uri_params'
    | 'invalid_query_params'
    | 'invalid_body'
    | 'unknown_provider_config'
    | 'invalid_auth_mode'
    | 'integration_not_allowed'
    | 'callback_err';

/** Every rejection of the SDK. */
export declare class AuthError extends Error {
    name: 'AuthError';
    type: AuthErrorType;
    /** HTTP status of the server's answer, when there was one. */
    status?: number;
    constructor(message: string, type: AuthErrorType, status?: number);
}

export type NangoOptions = {
    /** API base URL. Default `https://api.nango.dev`. */
    host?: string;
    /** WebSocket path, relative to `host`. Default `/`. */
    websocketsPath?: string;
    /** Popup width. Default 500. */
    width?: number;
    /** Popup height. Default 600. */
    height?: number;
    /** Log each step to the console (never a token or a credential). */
    debug?: boolean;
} & (
    | {
          connectSessionToken?: string;
          publicKey?: never;
      }
    | {
          connectSessionToken?: never;
          /** @deprecated Use a connect session token. */
          publicKey?: string;
      }
);

export interface AuthResult {
    providerConfigKey: string;
    connectionId: string;
    isPending?: boolean;
}
/** Alias kept for compatibility with @nangohq/frontend. */
export type AuthSuccess = AuthResult;

export interface OAuthCredentialsOverride {
    oauth_client_id_override: string;
    oauth_client_secret_override: string;
    oauth_refresh_token_override?: string;
}
export interface BasicApiCredentials {
    username?: string;
    password?: string;
}
export interface ApiKeyCredentials {
    apiKey?: string;
}
export interface TBACredentials {
    token_id: string;
    token_secret: string;
    oauth_client_id_override?: string;
    oauth_client_secret_override?: string;
}
export interface JwtCredentials {
    type?: 'JWT';
    [key: string]: any;
}
export interface OAuth2ClientCredentials {
    client_id: string;
    client_secret?: string;
    client_certificate?: string;
    client_private_key?: string;
}
export interface BillCredentials {
    username: string;
    password: string;
    organization_id: string;
    dev_key: string;
}
export interface TwoStepCredentials {
    type: 'TWO_STEP';
    [key: string]: any;
}
export interface SignatureCredentials {
    type: 'SIGNATURE';
    username: string;
    password: string;
}
export interface AwsSigV4Credentials {
    type: 'AWS_SIGV4';
    role_arn: string;
    region?: string;
}

export interface ConnectionConfig {
    params?: Record<string, string>;
    hmac?: string;
    user_scope?: string[];
    authorization_params?: Record<string, string | undefined>;
    installation?: 'outbound';
    assertionOption?: Record<string, string>;
    credentials?:
        | OAuthCredentialsOverride
        | BasicApiCredentials
        | ApiKeyCredentials
        | TBACredentials
        | JwtCredentials
        | TwoStepCredentials
        | OAuth2ClientCredentials
        | BillCredentials
        | SignatureCredentials
        | AwsSigV4Credentials;
}

/**
 * Where an auth call stands, reported as it happens (`onEvent`), with the
 * time (`Date.now()`). No event carries a token, a credential or a URL.
 */
export type AuthEvent =
    /** The OAuth popup opened (inside the click), or the browser refused it. */
    | { type: 'popup_opened' | 'popup_blocked'; at: number }
    /** The Nango server's WebSocket is ready: the popup goes to the provider's login page. */
    | { type: 'server_connected'; at: number }
    /** The user closed the popup (reported when noticed, with or without `detectClosedAuthWindow`). */
    | { type: 'popup_closed'; at: number }
    /** The result arrived, from the server's WebSocket or from the popup's last page. */
    | { type: 'result_received'; via: 'websocket' | 'popup'; at: number }
    /**
     * The call settled: with a connection (`ok`), or with an error of
     * `errorType`. A call that an internal fault ended (a panic in the
     * module) reports no `settled`: its promise rejects with `unknown_error`
     * (reporting would run the app's code while the module is replaced).
     */
    | { type: 'settled'; ok: boolean; errorType?: AuthErrorType; at: number };

export type AuthOptions = {
    /** Fail with `window_closed` when the user closes the popup before the end. */
    detectClosedAuthWindow?: boolean;
    /** Called with each step of the call, for a custom UI ("Waiting for GitHub…", "Popup closed"). */
    onEvent?: (event: AuthEvent) => void;
    /**
     * Give up after this many milliseconds (`timeout` error), at most
     * 2147483647. Default: 300000 (5 minutes) for the OAuth popup, 30000
     * (30 s) for a request (credentials, `create()`): every call settles.
     */
    timeout?: number;
    /** Abort the flow (`aborted` error); the popup and socket are closed. */
    signal?: AbortSignal;
    /** A window the app opened itself (e.g. before an await), used as the popup. */
    popup?: Window | null;
} & (ConnectionConfig | OAuthCredentialsOverride);

export type ErrorHandler = (errorType: AuthErrorType, errorDesc: string) => void;

export type Theme = 'light' | 'dark' | 'system';
/** The colours of one theme of the Connect UI. */
export interface ConnectUIColorPalette {
    primary: string;
}
export interface ConnectUIThemeSettings {
    light: ConnectUIColorPalette;
    dark: ConnectUIColorPalette;
}
/** The Connect UI's settings, sent with `settings_changed`. */
export interface ConnectUISettings {
    theme: ConnectUIThemeSettings;
    defaultTheme: Theme;
    showWatermark: boolean;
}
export interface ConnectUIEventToken {
    type: 'session_token';
    sessionToken: string;
}
export interface ConnectUIEventReady {
    type: 'ready';
}
export interface ConnectUIEventClose {
    type: 'close';
}
export interface ConnectUIEventConnect {
    type: 'connect';
    payload: AuthResult;
}
export interface ConnectUIEventError {
    type: 'error';
    payload: { errorType: AuthErrorType; errorMessage: string };
}
export interface ConnectUIEventSettingsChanged {
    type: 'settings_changed';
    payload: ConnectUISettings;
}
export type ConnectUIEvent = ConnectUIEventReady | ConnectUIEventClose | ConnectUIEventConnect | ConnectUIEventError | ConnectUIEventSettingsChanged;
export type MaybePromise<T> = Promise<T> | T;
export type OnConnectEvent = (event: ConnectUIEvent) => MaybePromise<void>;

export interface ConnectUIProps {
    /** The connect session token; can also be set later with setSessionToken(). */
    sessionToken?: string | undefined;
    /** Where the UI is served. Default `https://connect.nango.dev`. */
    baseURL?: string;
    /** The Nango API the UI talks to. Default: the client's host (`https://api.nango.dev` for `new ConnectUI`). */
    apiURL?: string;
    /** Called with every event the UI posts (messages from baseURL's origin only). */
    onEvent?: OnConnectEvent;
    /** Let the UI fail an OAuth flow when its popup is closed. */
    detectClosedAuthWindow?: boolean;
    /** UI language, e.g. `en` or `fr`. */
    lang?: string;
    /** Overrides the theme set in the dashboard. */
    themeOverride?: Theme;
}

export declare class ConnectUI {
    /** The iframe while the UI is open, `null` otherwise. */
    readonly iframe: HTMLIFrameElement | null;
    constructor(props: ConnectUIProps);
    /** Mounts the full-screen iframe `#connect-ui` (no-op when already open). */
    open(): void;
    /** Removes the iframe and its message listener. */
    close(): void;
    /** Sets the session token and sends it to the UI once it is ready. */
    setSessionToken(sessionToken: string): void;
}

export default class Nango {
    constructor(config?: NangoOptions);
    /** Creates a connection of an integration that needs no credentials. */
    create(providerConfigKey: string, connectionConfig?: ConnectionConfig): Promise<AuthResult>;
    create(providerConfigKey: string, connectionId: string, connectionConfig?: ConnectionConfig): Promise<AuthResult>;
    /** Connects an account: one POST with credentials, the OAuth popup without. */
    auth(providerConfigKey: string, options?: AuthOptions): Promise<AuthResult>;
    auth(providerConfigKey: string, connectionId: string, options?: AuthOptions): Promise<AuthResult>;
    /** Re-authorizes the connection a reconnect session token was made for. */
    reconnect(providerConfigKey: string, options?: AuthOptions): Promise<AuthResult>;
    /** Ends any flow in progress (it rejects with `cancelled`) and closes its popup. */
    clear(): void;
    /** Opens the managed Connect UI (token and API URL default to the client's). */
    openConnectUI(params: ConnectUIProps): ConnectUI;
}
export { Nango };
