// The application's vault keys, read once from the environment (VAULT_KEYS,
// VAULT_CURRENT_KEY_ID); `npm start` fills them from .data/vault-keys in embedded mode.
import { keyringFromEnv, type Keyring } from "./keyring";

let cached: Keyring | undefined;

export function appKeyring(): Keyring {
  cached ??= keyringFromEnv(process.env);
  return cached;
}
