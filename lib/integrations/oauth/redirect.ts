import { appUrl } from "@/lib/config";

export function oauthRedirectUri(connectorId: string): string {
  return `${appUrl()}/api/integrations/${connectorId}/oauth/callback`;
}
