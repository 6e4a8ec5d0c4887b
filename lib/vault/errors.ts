// One error type for everything the vault refuses, so callers can tell a bad key
// or a tampered value from a bug. Messages name variables and key ids, never key
// bytes or plaintext, because they end up in logs.
export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultError";
  }
}
