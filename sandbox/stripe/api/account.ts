import { answerWith, type Operation } from "../call";
import { accountView, balanceView } from "../objects/account";

export const retrieveBalance: Operation = (call) => answerWith(call, balanceView(call.w, call.key.livemode));

export const retrieveAccount: Operation = (call) => answerWith(call, accountView(call.w));
