// Which instance a request acts for, and whether it proved it knows that instance's
// API secret: by the X-API-KEY header, or by an ApiSignature over its parameters.
// An unknown instance and a wrong secret get the same answer, as at Payrexx.
import type { PayrexxState, PayrexxInstance } from "./state";
import type { RequestParams } from "./params";
import { BAD_SIGNATURE, failure, WRONG_CREDENTIALS, type PayrexxAnswer } from "./respond";
import { apiSignature, sameSecret } from "./signature";

export function authenticate(state: PayrexxState, params: RequestParams): PayrexxInstance | PayrexxAnswer {
  if (!params.instance) return failure(400, "An error occurred: The parameter instance is missing (?instance=<your instance name>)");
  const instance = state.instances.get(params.instance);
  const revoked = instance ? state.revokedKeys.has(instance.secret) : true;
  if (params.apiKey !== null) {
    if (!instance || revoked || !sameSecret(params.apiKey, instance.secret)) return failure(401, WRONG_CREDENTIALS);
  } else {
    if (params.json) return failure(401, "An error occurred: A JSON body needs the X-API-KEY header; sign form-encoded parameters instead");
    if (!params.signature) return failure(401, BAD_SIGNATURE);
    if (!instance || revoked) return failure(401, WRONG_CREDENTIALS);
    if (!sameSecret(params.signature, apiSignature(instance.secret, params.pairs))) return failure(401, BAD_SIGNATURE);
  }
  state.seenKeys.add(instance.secret);
  return instance;
}

export function isAnswer(v: object): v is PayrexxAnswer {
  return "status" in v && "body" in v;
}
