// API-key authentication for machine clients (Zapier, /api/v1). A route wrapped
// in withApiKey only runs for a known, unrevoked key; the handler receives the
// organization the key speaks for and must scope every query to it.
import { NextResponse } from "next/server";
import { authenticateApiKey, presentedApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/errors";

export interface ApiContext {
  apiKeyId: string;
  orgId: string;
}

const CHALLENGE = 'Bearer realm="switchboard", charset="UTF-8"';

export function unauthorized(message: string): Response {
  return NextResponse.json(
    { error: "unauthorized", message },
    { status: 401, headers: { "WWW-Authenticate": CHALLENGE, "Cache-Control": "no-store" } },
  );
}

/** 401 JSON {error:"..."} with WWW-Authenticate when the key is missing, unknown or revoked; otherwise runs handler. */
export function withApiKey<P>(
  handler: (req: Request, api: ApiContext, ctx: { params: Promise<P> }) => Promise<Response>,
): (req: Request, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (req, ctx) => {
    const presented = presentedApiKey(req.headers);
    if (!presented) return unauthorized("Send an API key in the X-API-Key header (or Authorization: Bearer <key>).");
    let principal: ApiContext | undefined;
    try {
      principal = await authenticateApiKey(db(), presented);
    } catch (err) {
      return errorResponse(err);
    }
    if (!principal) return unauthorized("The API key is unknown or has been revoked.");
    return handler(req, { apiKeyId: principal.apiKeyId, orgId: principal.orgId }, ctx);
  };
}
