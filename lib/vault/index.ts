// The credential vault: AES-256-GCM envelopes under rotating keys from the environment.
export { VaultError } from "./errors";
export { generateKeyEntry, keyringFromEnv, type Keyring } from "./keyring";
export { maskSecret } from "./mask";
export { open, openJson, seal, sealJson, sealedKeyId } from "./seal";
