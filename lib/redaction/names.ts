// The one list of what a credential is called, for every place that redacts: the
// logger (by key, at any depth) and error texts (name=value, "name": "value").
// Matching by the stem inside a name ("secretKey", "x-api-key", "STRIPE_SECRET_KEY",
// "refresh_token", "set-cookie") covers the spellings every provider and SDK uses;
// redacting a harmless field that happens to contain a stem (token_type) is the
// price of never missing one.
const STEMS = [
  "password",
  "passwd",
  "passphrase",
  "secret", // client_secret, secretKey, webhookSecret, signing_secret, apiSecret
  "token", // access_token, refreshToken, id_token, authToken, sessionToken, bearerToken
  "apikey",
  "privatekey",
  "accesskey", // AWS-style access keys (the secret half matches "secret")
  "signingkey",
  "encryptionkey",
  "vaultkey",
  "keyring",
  "authorization", // and proxy-authorization
  "cookie", // and set-cookie
  "credential",
  "connectionstring",
  "databaseurl",
  "dsn",
];

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

export function isCredentialKey(key: string): boolean {
  const k = normalise(key);
  return STEMS.some((stem) => k.includes(stem));
}

// The same names as they appear inside text: any word containing a stem, with the
// separators people put inside it (client_secret, api-key, private key is not text).
const TEXT_STEMS = STEMS.map((s) => (s === "apikey" ? "api[_-]?key" : s === "privatekey" ? "private[_-]?key" : s === "accesskey" ? "access[_-]?key" : s === "signingkey" ? "signing[_-]?key" : s));

/** A word (letters, digits, _ and -) that names a credential. */
export const CREDENTIAL_NAME = `[A-Za-z0-9_-]*(?:${TEXT_STEMS.join("|")})[A-Za-z0-9_-]*`;
