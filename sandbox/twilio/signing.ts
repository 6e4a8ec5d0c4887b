// X-Twilio-Signature as Twilio computes it: HMAC-SHA1, keyed with the account's auth
// token, over the full URL the request goes to followed by every POST parameter's
// name and value in name order; base64.
import { createHmac } from "node:crypto";

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}
