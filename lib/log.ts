// One structured logger for the server and the worker. Secrets are redacted by
// key wherever they appear, so a careless log call cannot leak them.
import pino from "pino";

export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "switchboard" },
  redact: {
    paths: ["password", "*.password", "secret", "*.secret", "token", "*.token", "authorization", "*.authorization", "*.headers.authorization", "*.headers.cookie"],
    censor: "[redacted]",
  },
});
