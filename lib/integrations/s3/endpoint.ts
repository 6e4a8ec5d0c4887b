// An endpoint an admin types is a host the server will send requests to, so it is
// held to the same rule as outbound webhooks: https in production, and no
// private, loopback or link-local address unless the operator allow-lists the
// host (SWITCHBOARD_WEBHOOK_ALLOW_HOSTS, e.g. a MinIO on the internal network).
import { checkTarget, outboundPolicyFromEnv } from "@/lib/net/policy";
import { OutboundRefused } from "@/lib/net/errors";

/** A sentence for the endpoint field, or null when the server may call it. */
export function endpointProblem(raw: string, env: Record<string, string | undefined> = process.env): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter the endpoint as a full URL, such as https://<account id>.r2.cloudflarestorage.com";
  }
  if (url.pathname !== "/" && url.pathname !== "" && !/^\/storage\/v1\/s3\/?$/.test(url.pathname)) {
    // Supabase Storage is the one S3 service whose endpoint has a path.
    return "Give the service's endpoint without a bucket or path (the bucket has its own field), such as https://nyc3.digitaloceanspaces.com";
  }
  if (url.search || url.hash) return "Remove the query and fragment from the endpoint URL";
  const policy = outboundPolicyFromEnv(env);
  try {
    const target = checkTarget(raw, policy);
    const name = target.hostname.replace(/\.$/, "");
    if (!target.allowListed && (name === "localhost" || name.endsWith(".localhost"))) throw new OutboundRefused("loopback", "loopback");
  } catch (err) {
    if (!(err instanceof OutboundRefused)) throw err;
    if (err.reason === "scheme") return policy.requireHttps ? "Use an https:// endpoint" : "Use an http:// or https:// endpoint";
    if (err.reason === "credentials_in_url") return "Remove the user name and password from the endpoint; the access key goes in its own field";
    if (err.reason === "unresolvable") return "Enter the endpoint as a full URL, such as https://<account id>.r2.cloudflarestorage.com";
    return "This endpoint is a private or local address, which this server does not call; the operator can allow its host in SWITCHBOARD_WEBHOOK_ALLOW_HOSTS";
  }
  return null;
}
