// An app under a Content-Security-Policy: it imports the package (no import
// map: an inline script would need 'unsafe-inline') and renders either way.
import Nango, { AuthError, ConnectUI } from '../pkg/index.js';

window.sdk = { Nango, AuthError, ConnectUI };
document.getElementById('app').textContent = 'The app rendered.';
window.sdkReady = true;
