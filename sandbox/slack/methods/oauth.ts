import { findApp } from "../../oauth/apps";
import { basicCredentials } from "../../core/context";
import { argString } from "../args";
import { fail, type SlackMethod } from "../method";
import { issueBotToken } from "../tokens";

export const oauthV2Access: SlackMethod = {
  auth: false,
  run: ({ ctx, state, args, now }) => {
    // Slack takes the app's credentials as form fields or as HTTP Basic auth.
    const basic = basicCredentials(ctx);
    const clientId = argString(args, "client_id") ?? basic?.id;
    const clientSecret = argString(args, "client_secret") ?? basic?.secret;
    const app = findApp(clientId);
    if (!app) return fail("invalid_client_id");
    if (clientSecret !== app.clientSecret) return fail("bad_client_secret");
    const code = argString(args, "code") ?? "";
    const grant = state.codes.get(code);
    if (!grant || grant.used || grant.expiresAt < now || grant.clientId !== app.clientId) return fail("invalid_code");
    const redirectUri = argString(args, "redirect_uri");
    if (redirectUri !== undefined && redirectUri !== grant.redirectUri) return fail("bad_redirect_uri");
    grant.used = true;
    const token = issueBotToken(state, grant.scopes);
    return {
      ok: true,
      app_id: state.appId,
      authed_user: { id: state.installerId },
      scope: token.scopes.join(","),
      token_type: "bot",
      access_token: token.token,
      bot_user_id: state.botUserId,
      team: { id: state.team.id, name: state.team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
  },
};
