// Every type @nangohq/frontend exports, checked against this package's
// (`tsc --strict --noEmit`, tsconfig.compat.json): what an app passes to the
// official SDK is accepted here, and what this package hands back has the
// shapes the official types promise. (In an app that swaps the package, all
// types come from this one; the checks below mix the two to compare them.)
import type * as Official from '@nangohq/frontend';
import OfficialNango, { ConnectUI as OfficialConnectUI } from '@nangohq/frontend';
import type * as Ours from 'nango-frontend-wasm';
import Nango, { ConnectUI } from 'nango-frontend-wasm';

/** `true` when `A` is assignable to `B`. */
type Accepts<B, A> = [A] extends [B] ? true : false;
const check = <T extends true>(_: T): void => undefined;

// What apps pass in: the official shapes are accepted as they are.
check<Accepts<Ours.NangoOptions, Official.NangoOptions>>(true);
check<Accepts<Ours.AuthOptions, Official.AuthOptions>>(true);
check<Accepts<Ours.ConnectionConfig, Official.ConnectionConfig>>(true);
check<Accepts<Ours.ConnectUIProps, Omit<Official.ConnectUIProps, 'onEvent'>>>(true);
check<Accepts<Ours.OAuthCredentialsOverride, Official.OAuthCredentialsOverride>>(true);
check<Accepts<Ours.BasicApiCredentials, Official.BasicApiCredentials>>(true);
check<Accepts<Ours.ApiKeyCredentials, Official.ApiKeyCredentials>>(true);
check<Accepts<Ours.TBACredentials, Official.TBACredentials>>(true);
check<Accepts<Ours.JwtCredentials, Official.JwtCredentials>>(true);
check<Accepts<Ours.OAuth2ClientCredentials, Official.OAuth2ClientCredentials>>(true);
check<Accepts<Ours.BillCredentials, Official.BillCredentials>>(true);
check<Accepts<Ours.TwoStepCredentials, Official.TwoStepCredentials>>(true);
check<Accepts<Ours.SignatureCredentials, Official.SignatureCredentials>>(true);
check<Accepts<Ours.AwsSigV4Credentials, Official.AwsSigV4Credentials>>(true);
check<Accepts<Ours.AuthErrorType, Official.AuthErrorType>>(true);
check<Accepts<Official.ErrorHandler, Ours.ErrorHandler>>(true);

// What apps get back: the shapes the official types promise.
check<Accepts<Official.AuthResult, Ours.AuthResult>>(true);
check<Accepts<Official.AuthSuccess, Ours.AuthSuccess>>(true);
check<Accepts<Official.ConnectUIEventReady, Ours.ConnectUIEventReady>>(true);
check<Accepts<Official.ConnectUIEventClose, Ours.ConnectUIEventClose>>(true);
check<Accepts<Official.ConnectUIEventConnect, Ours.ConnectUIEventConnect>>(true);
check<Accepts<Official.ConnectUIEventSettingsChanged, Ours.ConnectUIEventSettingsChanged>>(true);
check<Accepts<Ours.ConnectUIEventSettingsChanged, Official.ConnectUIEventSettingsChanged>>(true);
check<Accepts<Official.ConnectUIEventToken, Ours.ConnectUIEventToken>>(true);
// An error event's type, like an AuthError's, may be any string here (the official union is in it).
check<Accepts<Ours.ConnectUIEventError, Official.ConnectUIEventError>>(true);
check<Accepts<Ours.ConnectUIEvent, Official.ConnectUIEvent>>(true);
check<Accepts<Omit<Official.AuthError, 'type'>, Omit<Ours.AuthError, 'type'>>>(true);

// The classes: the public members of the official ones, with the same signatures.
check<Accepts<Pick<OfficialNango, 'auth' | 'create' | 'reconnect' | 'clear'>, Nango>>(true);
check<Accepts<Pick<OfficialConnectUI, 'open' | 'close' | 'setSessionToken'>, ConnectUI>>(true);
check<Accepts<OfficialConnectUI['iframe'], ConnectUI['iframe']>>(true);
check<Accepts<ConstructorParameters<typeof Nango>, ConstructorParameters<typeof OfficialNango>>>(true);
check<Accepts<Parameters<Nango['auth']>, Parameters<OfficialNango['auth']>>>(true);
