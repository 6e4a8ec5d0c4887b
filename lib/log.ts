// One structured logger for the server and the worker. Credentials are redacted by
// name at any depth (pino's own redact paths cannot say "at any depth"), secrets
// inside strings by shape, and errors are written with their whole cause chain,
// redacted the same way, so a careless log call cannot leak them.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { redactText } from "./redaction/text";
import { redactValue } from "./redaction/value";

const redactObject = (obj: Record<string, unknown>) => redactValue(obj) as Record<string, unknown>;

const loggerOptions: LoggerOptions = {
  base: { service: "switchboard" },
  formatters: { log: redactObject, bindings: redactObject },
  // Errors are already plain, redacted objects by the time serializers run.
  serializers: { err: (err: unknown) => err },
  hooks: {
    logMethod(args, method) {
      // log.error(err) alone: pino would take err.message, unredacted, as the message.
      const [first, ...rest] = args as unknown[];
      const lead = first instanceof Error ? [{ err: first }, ...(typeof rest[0] === "string" ? [] : [first.message])] : [first];
      const all = [...lead, ...rest].map((a) => (typeof a === "string" ? redactText(a) : a));
      return method.apply(this, all as Parameters<typeof method>);
    },
  },
};

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const logger = pino({ ...loggerOptions, level: opts.level ?? process.env.LOG_LEVEL ?? "info" }, opts.destination ?? pino.destination(1));
  // A child's bindings skip formatters.bindings; children inherit this from their parent.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, redactObject(bindings), options);
  } as Logger["child"];
  return logger;
}

export const log = createLogger();
