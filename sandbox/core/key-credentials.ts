// Providers whose credentials are API keys the sandbox accepts by shape (any key of
// the right form works): revoking all revokes the keys seen so far.
import type { CredentialControl } from "./provider-module";

export interface KeyBook {
  seenKeys: Set<string>;
  revokedKeys: Set<string>;
}

export const keyCredentials: CredentialControl<KeyBook> = {
  revoke(s, token) {
    const keys = token !== undefined ? [token] : [...s.seenKeys];
    const fresh = keys.filter((k) => !s.revokedKeys.has(k));
    for (const k of fresh) s.revokedKeys.add(k);
    return fresh.length;
  },
};
