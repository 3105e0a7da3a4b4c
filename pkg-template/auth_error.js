// The error every rejection of the SDK carries. Plain JavaScript, shared by
// the entry and the WebAssembly glue, so that `instanceof AuthError` holds
// for every error whichever side made it.
export class AuthError extends Error {
  constructor(message, type, status) {
    super(message);
    this.name = 'AuthError';
    this.type = type;
    if (status !== undefined) this.status = status;
  }
}
