// Transaction retrieve and refund, and SignatureCheck (which only proves the instance
// name and API secret belong together).
import { checkRefund, refundTransaction } from "../flows/refund";
import { transactionView } from "../objects";
import { failure, notFound, success, type PayrexxAnswer } from "../respond";
import type { PayrexxTransaction } from "../state";
import type { Operation } from "./operation";

function findTransaction(op: Parameters<Operation>[0], id: string): PayrexxTransaction | PayrexxAnswer {
  const tx = /^\d+$/.test(id) ? op.w.state.transactions.get(Number(id)) : undefined;
  return tx && tx.instance === op.instance.name ? tx : notFound("Transaction", id);
}

const isTx = (v: PayrexxTransaction | PayrexxAnswer): v is PayrexxTransaction => "uuid" in v;

export const retrieveTransaction: Operation = (op) => {
  const tx = findTransaction(op, op.pathParams.id!);
  return isTx(tx) ? success(transactionView(op.w.state, tx)) : tx;
};

export function refund(amount: number | undefined): Operation {
  return (op) => {
    const tx = findTransaction(op, op.pathParams.id!);
    if (!isTx(tx)) return tx;
    const check = checkRefund(tx, amount ?? null);
    if (!check.ok) return failure(check.status, check.message);
    const refundTx = refundTransaction(op.w, tx, check.amount);
    return success(transactionView(op.w.state, refundTx));
  };
}

export const signatureCheck: Operation = () => success({ id: 1 });
