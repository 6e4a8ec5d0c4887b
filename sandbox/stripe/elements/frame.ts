// The Payment Element's frame: the card fields, on the sandbox's origin, as
// Stripe's are on js.stripe.com. It learns its publishable key, client secret and
// the page's origin from its URL's fragment (never sent to a server), talks to the
// page only by postMessage with that origin, and confirms the PaymentIntent itself
// against the sandbox's API, with the checks and wording of Stripe's card form.
import { html, page, raw } from "../../core/html";

const CSS = `
body{background:transparent;margin:0;padding:2px}
label{display:block;font-size:13px;color:#30313d;margin:10px 0 4px}
input{width:100%;font:inherit;font-size:15px;padding:10px 12px;border:1px solid #e0e0e6;border-radius:5px;box-shadow:0 1px 1px rgba(0,0,0,.03)}
input:focus{outline:none;border-color:#0570de;box-shadow:0 0 0 3px rgba(5,112,222,.25)}
input.invalid{border-color:#df1b41}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.tab{display:inline-flex;gap:6px;align-items:center;border:2px solid #0570de;border-radius:5px;padding:6px 12px;font-size:13px;color:#0570de;font-weight:600}
.field-error{color:#df1b41;font-size:13px;margin-top:4px;min-height:0}
.hint{color:#6d6e78;font-size:12px;margin-top:10px}
`;

const SCRIPT = String.raw`(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var pk = params.get("pk") || "";
  var clientSecret = params.get("cs") || "";
  var pageOrigin = params.get("origin") || "";
  var intentId = clientSecret.split("_secret_")[0];
  var FROM_PAGE = "sandbox-stripe-page";
  var $ = function (id) { return document.getElementById(id); };
  var fields = { number: $("number"), expiry: $("expiry"), cvc: $("cvc") };
  if (/^pk_test_/.test(pk)) $("hint").hidden = false;

  function post(message) {
    message.source = "sandbox-stripe-frame";
    parent.postMessage(message, pageOrigin);
  }
  function digits(v) { return v.replace(/[\s-]/g, ""); }
  function expiry() {
    var m = fields.expiry.value.replace(/\s/g, "").match(/^(\d{1,2})\/(\d{2}|\d{4})$/);
    if (!m) return null;
    var month = Number(m[1]);
    var year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return month >= 1 && month <= 12 ? { month: month, year: year } : null;
  }
  function problems() {
    var out = {};
    if (!/^\d{12,19}$/.test(digits(fields.number.value))) out.number = "Your card number is incomplete.";
    if (!expiry()) out.expiry = "Your card's expiration date is incomplete.";
    if (!/^\d{3,4}$/.test(fields.cvc.value.trim())) out.cvc = "Your card's security code is incomplete.";
    return out;
  }
  function show(found) {
    ["number", "expiry", "cvc"].forEach(function (k) {
      fields[k].classList.toggle("invalid", !!found[k]);
      $(k + "-error").textContent = found[k] || "";
    });
    var first = found.number || found.expiry || found.cvc;
    return first ? { type: "validation_error", message: first } : null;
  }
  function changed() {
    var found = problems();
    var empty = !fields.number.value && !fields.expiry.value && !fields.cvc.value;
    post({ type: "change", empty: empty, complete: Object.keys(found).length === 0 });
  }
  Object.keys(fields).forEach(function (k) { fields[k].addEventListener("input", changed); });

  function withResult(url, pi, status) {
    var u = new URL(url);
    u.searchParams.set("payment_intent", pi.id);
    u.searchParams.set("payment_intent_client_secret", clientSecret);
    u.searchParams.set("redirect_status", status);
    return u.toString();
  }

  function confirm(returnUrl) {
    var exp = expiry();
    var body = new URLSearchParams();
    body.set("client_secret", clientSecret);
    body.set("payment_method_data[type]", "card");
    body.set("payment_method_data[card][number]", digits(fields.number.value));
    body.set("payment_method_data[card][exp_month]", String(exp.month));
    body.set("payment_method_data[card][exp_year]", String(exp.year));
    body.set("payment_method_data[card][cvc]", fields.cvc.value.trim());
    if (returnUrl) body.set("return_url", returnUrl);
    return fetch("/v1/payment_intents/" + encodeURIComponent(intentId) + "/confirm", {
      method: "POST",
      headers: { Authorization: "Bearer " + pk, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.error) return { error: answer.error };
        if (answer.status === "requires_action" && answer.next_action && answer.next_action.type === "redirect_to_url") return { paymentIntent: answer, redirect: answer.next_action.redirect_to_url.url };
        if (answer.status === "succeeded") return { paymentIntent: answer, redirect: returnUrl ? withResult(returnUrl, answer, "succeeded") : null };
        return { paymentIntent: answer };
      })
      .catch(function () {
        return { error: { type: "api_connection_error", message: "We could not reach the payment server. Check your connection and try again." } };
      });
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== pageOrigin || e.source !== parent || !e.data || e.data.source !== FROM_PAGE) return;
    var d = e.data;
    var reply = function (r) { r.type = "reply"; r.id = d.id; post(r); };
    var invalid = show(problems());
    if (d.type === "submit") return reply({ error: invalid });
    if (d.type !== "confirm") return;
    if (invalid) return reply({ error: invalid });
    confirm(d.returnUrl).then(reply);
  });

  // The page sizes the frame to its content, as Stripe.js does, whenever that
  // changes: the first layout can happen before the frame has its final width
  // (text wrapped narrow, far too tall), and field errors add lines later.
  var reported = 0;
  function reportHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height) + 4;
    if (height === reported) return;
    reported = height;
    post({ type: "resize", height: height });
  }
  new ResizeObserver(reportHeight).observe(document.body);
  reportHeight();
  post({ type: "ready" });
})();`;

export function framePage(): string {
  const body = html`<div class="tab">▭ Card</div>
    <label for="number">Card number</label>
    <input id="number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234">
    <div class="field-error" id="number-error" role="alert"></div>
    <div class="row">
      <div><label for="expiry">Expiration date</label><input id="expiry" autocomplete="cc-exp" placeholder="MM / YY"><div class="field-error" id="expiry-error" role="alert"></div></div>
      <div><label for="cvc">Security code</label><input id="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"><div class="field-error" id="cvc-error" role="alert"></div></div>
    </div>
    <p class="hint" id="hint" hidden>Sandbox test cards: 4242 4242 4242 4242 pays; 4000 0027 6000 3184 asks for 3-D Secure; 4000 0000 0000 0002 is declined. Any future date, any CVC.</p>
    <script>${raw(SCRIPT)}</script>`;
  return page("Secure payment input frame", body, CSS);
}
