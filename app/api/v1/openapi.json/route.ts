// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document. Public: a client
// reads it before it has a key.
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";

export function GET(): Response {
  return NextResponse.json(openApiDocument(), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
