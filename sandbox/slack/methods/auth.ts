import { argBool } from "../args";
import type { SlackMethod } from "../method";

export const authTest: SlackMethod = {
  auth: true,
  run: ({ state }) => ({
    ok: true,
    url: `https://${state.team.domain}.slack.com/`,
    team: state.team.name,
    user: "switchboard",
    team_id: state.team.id,
    user_id: state.botUserId,
    bot_id: state.botId,
    is_enterprise_install: false,
  }),
};

export const authRevoke: SlackMethod = {
  auth: true,
  run: ({ token, args }) => {
    // `test` answers as if revoked without revoking, as Slack's does.
    if (argBool(args, "test", false)) return { ok: true, revoked: false };
    if (token) token.revoked = true;
    return { ok: true, revoked: true };
  },
};
