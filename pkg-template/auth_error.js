/** The error every rejection of the SDK carries: `type`, `message`, and `status` when the server answered. */
export class AuthError extends Error {
  constructor(message, type, status) {
    super(message);
    this.name = 'AuthError';
    this.type = type;
    if (status !== undefined) this.status = status;
  }
}
