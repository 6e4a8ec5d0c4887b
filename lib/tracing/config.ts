// Traces leave the process only when an OTLP endpoint is configured, with the
// OpenTelemetry SDK's own variables; otherwise nothing is registered and every
// span below is OpenTelemetry's no-op.
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

export const SERVICE_NAME = "switchboard";
