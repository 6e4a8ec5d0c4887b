import type { RequestParams } from "../params";
import type { PayrexxAnswer } from "../respond";
import type { PayrexxInstance } from "../state";
import type { PayrexxWorld } from "../world";

/** One emulated endpoint, run once the request is authenticated and its parameters parsed. */
export type Operation = (op: { w: PayrexxWorld; instance: PayrexxInstance; params: RequestParams; pathParams: Record<string, string> }) => PayrexxAnswer;
