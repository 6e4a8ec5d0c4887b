import { argString } from "../args";
import { fail, type SlackMethod } from "../method";
import { userView } from "../views";

export const usersLookupByEmail: SlackMethod = {
  auth: true,
  scopes: ["users:read.email"],
  run: ({ state, args }) => {
    const email = (argString(args, "email") ?? "").trim().toLowerCase();
    const user = state.users.find((u) => u.email !== "" && u.email.toLowerCase() === email);
    return user ? { ok: true, user: userView(state, user) } : fail("users_not_found");
  },
};
