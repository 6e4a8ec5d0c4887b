// Error texts the call policy stores (integration_calls, a connection's last error)
// lose every credential, whatever the provider calls it.
import { describe, expect, it } from "vitest";
import { redactor } from "@/lib/integrations/policy/redact";

const redact = redactor();

describe("error text redaction", () => {
  it.each([
    ["form body", "grant_type=refresh_token&client_id=app-1&client_secret=fake-cs-1&refresh_token=fake-rt-1", ["fake-cs-1", "fake-rt-1"], ["client_id=app-1"]],
    ["query string", "GET /v1/x?api_key=fake-ak-1&apiKey=fake-ak-2&access-token=fake-at-1&page=2", ["fake-ak-1", "fake-ak-2", "fake-at-1"], ["page=2"]],
    ["JSON body", '{"secret_key":"fake-sk-1","privateKey":"fake-pk-1","signing_secret":"fake-ss-1","webhookSecret":"fake-ws-1","id":"evt_1"}', ["fake-sk-1", "fake-pk-1", "fake-ss-1", "fake-ws-1"], ['"id":"evt_1"']],
    ["escaped quotes in JSON", '{"password":"fake\\"pw-1"}', ['pw-1'], []],
    ["header lines", "Authorization: Basic ZmFrZTpmYWtlLXB3LTE=\nCookie: theme=dark; sid=fake-sid-1; next-auth.session-token=fake-cookie-1\nX-API-Key: fake-key-1\nAccept: */*", ["ZmFrZTpmYWtlLXB3LTE", "fake-sid-1", "fake-cookie-1", "fake-key-1"], ["Accept: */*"]],
    ["a PEM private key", "bad key -----BEGIN PRIVATE KEY-----\nMIIEfakefakefake\n-----END PRIVATE KEY----- end", ["MIIEfakefakefake"], ["bad key", "end"]],
    ["a URL password", "connect to postgresql://app:fake-db-pw-1@db.example.test:5432/app failed", ["fake-db-pw-1"], ["db.example.test"]],
    ["a JWT", "id token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.fakesig rejected", ["eyJzdWIiOiJmYWtlIn0"], ["rejected"]],
    ["known token shapes", "ghp_fakefakefakefakefakefake1 and sbk_fakeOrgKey1 and whsec_fake1", ["ghp_fakefake", "sbk_fakeOrgKey1", "whsec_fake1"], []],
  ])("redacts %s", (_what, text, leaked, kept) => {
    const out = redact(text);
    for (const s of leaked) expect(out).not.toContain(s);
    for (const s of kept) expect(out).toContain(s);
    expect(out).toContain("[redacted]");
  });
});
