// Who a request acts for and whether it proved it knows the API secret: the
// Upload API by a signature over its parameters (or HTTP Basic, which Cloudinary
// also takes there), the Admin API by HTTP Basic with the key and secret. The
// refusals are Cloudinary's: 401 for an unknown cloud, key or a wrong signature,
// 400 for a request signed more than an hour ago.
import { basicCredentials, type Ctx } from "../core/context";
import { cloudinaryTime } from "./errors";
import { algorithmOf, requestSignature, same, stringToSign } from "./signature";
import type { Cloud, CloudinaryState } from "./state";

export interface Refusal {
  status: number;
  message: string;
}

/** Signatures are valid for an hour from their timestamp. */
const SIGNATURE_LIFETIME_S = 3600;

export function findCloud(state: CloudinaryState, name: string): Cloud | Refusal {
  return state.clouds.get(name) ?? { status: 401, message: `Invalid cloud_name ${name}` };
}

function keyRefusal(state: CloudinaryState, cloud: Cloud, key: string | undefined): Refusal | null {
  if (!key) return { status: 401, message: "Must supply api_key" };
  if (key !== cloud.apiKey || state.revokedKeys.has(key)) return { status: 401, message: `Unknown API key ${key}` };
  state.seenKeys.add(key);
  return null;
}

export function basicAuth(ctx: Ctx, state: CloudinaryState, cloud: Cloud): Refusal | null {
  const creds = basicCredentials(ctx);
  const refused = keyRefusal(state, cloud, creds?.id);
  if (refused) return refused;
  return same(creds!.secret, cloud.apiSecret) ? null : { status: 401, message: "api_secret mismatch" };
}

export function signedAuth(ctx: Ctx, state: CloudinaryState, cloud: Cloud, fields: Record<string, string>): Refusal | null {
  if (fields.signature === undefined && basicCredentials(ctx)) return basicAuth(ctx, state, cloud);
  const refused = keyRefusal(state, cloud, fields.api_key);
  if (refused) return refused;
  if (!fields.timestamp) return { status: 400, message: "Missing required parameter - timestamp" };
  if (!fields.signature) return { status: 401, message: "Missing required parameter - signature" };
  const nowS = Math.floor(ctx.rt.clock.now() / 1000);
  const ts = Number(fields.timestamp);
  if (Number.isFinite(ts) && ts < nowS - SIGNATURE_LIFETIME_S) {
    return { status: 400, message: `Stale request - reported time is ${cloudinaryTime(ts * 1000)} +0000 which is more than 1 hour ago` };
  }
  const toSign = stringToSign(fields);
  const algorithm = algorithmOf(fields.signature);
  if (algorithm && same(fields.signature.toLowerCase(), requestSignature(toSign, cloud.apiSecret, algorithm))) return null;
  return { status: 401, message: `Invalid Signature ${fields.signature}. String to sign - '${toSign}'.` };
}
