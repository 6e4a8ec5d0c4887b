// The sandbox's control API changes state only for callers that carry its control
// token (tests, benchmarks, the app's own sandbox-mode set-up), never for anyone
// else who can reach the port: wrong or missing token, odd spellings of the path
// (dot segments, encoded dots and slashes, trailing slash) are all refused, and
// the state stays as it was. Reads (GET) and the demo receiver stay open.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { CONTROL_TOKEN_HEADER } from "../../sandbox/control/token";
import { startTestSandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

/** A request with the path exactly as written: fetch would normalize dot segments first. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body: string | undefined = method === "GET" ? undefined : "{}"): Promise<{ status: number; text: string }> {
  const url = new URL(sb.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body ?? "");
  });
}

const faultCount = async () => JSON.parse((await raw("GET", "/_sandbox/faults")).text).faults.length as number;

describe("the sandbox's control token", () => {
  it("is required for every control call that changes state", async () => {
    const token = { [CONTROL_TOKEN_HEADER]: sb.controlToken };
    const added = await raw("POST", "/_sandbox/faults", token, JSON.stringify({ provider: "slack", kind: "status", status: 500, times: 100 }));
    expect(added.status).toBe(201);
    expect(await faultCount()).toBe(1);

    for (const [method, path, headers] of [
      ["POST", "/_sandbox/reset", {}],
      ["POST", "/_sandbox/reset", { [CONTROL_TOKEN_HEADER]: "not-the-token" }],
      ["POST", "/_sandbox/reset", { [CONTROL_TOKEN_HEADER]: "" }],
      ["POST", "/_sandbox/reset/", {}],
      ["POST", "/_sandbox/receiver/../reset", {}],
      ["POST", "/_sandbox/receiver/%2e%2e/reset", {}],
      ["POST", "/_sandbox/receiver/..%2freset", {}],
      ["POST", "/_sandbox/receiver/demo/../../reset", {}],
      ["POST", "/_sandbox/./reset", {}],
      ["DELETE", "/_sandbox/faults", {}],
      ["PUT", "/_sandbox/reset", {}],
      ["POST", "/_sandbox/faults", {}],
    ] as Array<[string, string, Record<string, string>]>) {
      const res = await raw(method, path, headers);
      expect(res.status, `${method} ${path} → ${res.status} ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(await faultCount(), `${method} ${path} changed the state`).toBe(1);
    }

    // The refusal says what is missing.
    const refused = await raw("POST", "/_sandbox/reset");
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).error).toMatch(/control token/);

    // With the token, the same call works; the demo receiver needs none.
    expect((await raw("POST", "/_sandbox/receiver/demo", {}, JSON.stringify({ type: "x" }))).status).toBe(200);
    expect((await raw("POST", "/_sandbox/reset", token)).status).toBe(200);
    expect(await faultCount()).toBe(0);
  });
});
