// Gateway create, retrieve and delete: a hosted payment page for one amount, paid at
// its link; its status and transactions tell how it ended.
import { gatewayView } from "../objects";
import { publicId } from "../flows/attempt";
import { failure, notFound, success, type PayrexxAnswer } from "../respond";
import type { PayrexxGateway } from "../state";
import type { GatewayInput } from "./inputs";
import type { Operation } from "./operation";

export function createGateway(input: GatewayInput): Operation {
  return ({ w, instance }) => {
    const g: PayrexxGateway = {
      id: w.state.nextGatewayId++,
      hash: publicId(),
      instance: instance.name,
      status: "waiting",
      createdAt: w.now(),
      validity: input.validity ?? null,
      amount: input.amount,
      currency: input.currency,
      purpose: input.purpose ?? null,
      referenceId: input.referenceId ?? null,
      successRedirectUrl: input.successRedirectUrl ?? null,
      failedRedirectUrl: input.failedRedirectUrl ?? null,
      cancelRedirectUrl: input.cancelRedirectUrl ?? null,
      fields: Object.fromEntries(Object.entries(input.fields ?? {}).map(([k, f]) => [k, f.value])),
      basket: (input.basket ?? []).map((b) => ({ name: b.name, amount: b.amount, quantity: b.quantity })),
      skipResultPage: input.skipResultPage ?? false,
      transactionIds: [],
    };
    w.state.gateways.set(g.id, g);
    return success(gatewayView(w.state, w.rt.url, g));
  };
}

/** A gateway of this instance; another instance's gateway does not exist for it. */
export function findGateway(op: Parameters<Operation>[0], id: string): PayrexxGateway | PayrexxAnswer {
  const g = /^\d+$/.test(id) ? op.w.state.gateways.get(Number(id)) : undefined;
  return g && g.instance === op.instance.name ? g : notFound("Gateway", id);
}

export const retrieveGateway: Operation = (op) => {
  const g = findGateway(op, op.pathParams.id!);
  return "hash" in g ? success(gatewayView(op.w.state, op.w.rt.url, g)) : g;
};

export const deleteGateway: Operation = (op) => {
  const g = findGateway(op, op.pathParams.id!);
  if (!("hash" in g)) return g;
  if (g.status === "confirmed") return failure(400, `An error occurred: Gateway ${g.id} is paid and cannot be deleted`);
  op.w.state.gateways.delete(g.id);
  return success({ id: g.id });
};
