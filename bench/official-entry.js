// What an app ships of the official SDK: its default export and AuthError.
export { default, AuthError } from '@nangohq/frontend';
