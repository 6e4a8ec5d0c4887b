// The stand-in for Stripe.js (https://js.stripe.com/<release>/stripe.js) that a
// sandbox connection's pay page loads: window.Stripe with the parts of its API
// @stripe/react-stripe-js and our form call. Like Stripe.js, it keeps the card
// fields in a frame of its own origin (./frame.ts), so the card number never
// reaches the merchant's page; the frame confirms the PaymentIntent with the
// publishable key and client secret, and the page follows the redirect it answers
// with (the return_url, or the 3-D Secure challenge first).
//
// Served as text to browsers; nothing here runs in the sandbox itself.
export const STANDIN_SCRIPT = String.raw`(function () {
  "use strict";
  if (window.Stripe) return;
  var script = document.currentScript;
  var ORIGIN = new URL(script && script.src ? script.src : location.href).origin;
  var FRAME_URL = ORIGIN + "/stripe/elements/frame";
  var FROM_FRAME = "sandbox-stripe-frame";
  var TO_FRAME = "sandbox-stripe-page";
  var mounted = [];
  var waiting = {};
  var nextId = 1;

  function integrationError(message) {
    var e = new Error(message);
    e.name = "IntegrationError";
    return e;
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== ORIGIN || !e.data || e.data.source !== FROM_FRAME) return;
    var element = null;
    for (var i = 0; i < mounted.length; i++) if (mounted[i]._window() === e.source) element = mounted[i];
    if (!element) return;
    var d = e.data;
    if (d.type === "ready") element._ready();
    else if (d.type === "change") element._emit("change", { elementType: "payment", empty: !!d.empty, complete: !!d.complete, collapsed: false, value: { type: "card" } });
    else if (d.type === "resize") element._resize(d.height);
    else if (d.type === "reply" && waiting[d.id]) {
      var done = waiting[d.id];
      delete waiting[d.id];
      done(d);
    }
  });

  function ask(element, message) {
    return new Promise(function (resolve) {
      var id = nextId++;
      waiting[id] = resolve;
      message.id = id;
      message.source = TO_FRAME;
      element._window().postMessage(message, ORIGIN);
    });
  }

  function paymentElement(group) {
    var handlers = {};
    var frame = null;
    var ready = false;
    var element = {
      mount: function (target) {
        var node = typeof target === "string" ? document.querySelector(target) : target;
        if (!node) throw integrationError("The selector you specified (" + target + ") applies to no DOM elements that are currently on the page.");
        if (frame) throw integrationError("This Element is already mounted.");
        frame = document.createElement("iframe");
        frame.title = "Secure payment input frame";
        frame.name = "sandbox-stripe-payment-element";
        frame.style.cssText = "border:0;width:100%;height:240px;display:block;overflow:hidden";
        frame.src = FRAME_URL + "#" + new URLSearchParams({ pk: group.pk, cs: group.clientSecret, origin: location.origin }).toString();
        node.appendChild(frame);
        mounted.push(element);
      },
      unmount: function () {
        if (frame && frame.parentNode) frame.parentNode.removeChild(frame);
        frame = null;
        ready = false;
        mounted = mounted.filter(function (m) { return m !== element; });
      },
      destroy: function () {
        element.unmount();
        handlers = {};
        group.payment = null;
      },
      on: function (type, fn) {
        (handlers[type] = handlers[type] || []).push(fn);
        // A listener added after the frame said it was ready still hears of it.
        if (type === "ready" && ready) setTimeout(function () { fn({ elementType: "payment" }); }, 0);
        return element;
      },
      once: function (type, fn) {
        var wrapped = function (ev) { element.off(type, wrapped); fn(ev); };
        return element.on(type, wrapped);
      },
      off: function (type, fn) {
        handlers[type] = (handlers[type] || []).filter(function (h) { return h !== fn; });
        return element;
      },
      update: function () {},
      focus: function () {},
      blur: function () {},
      clear: function () {},
      collapse: function () {},
      _window: function () { return frame ? frame.contentWindow : null; },
      _mounted: function () { return !!frame; },
      _resize: function (h) { if (frame && h > 0) frame.style.height = Math.ceil(h) + "px"; },
      _ready: function () {
        ready = true;
        element._emit("ready", { elementType: "payment" });
      },
      _emit: function (type, ev) { (handlers[type] || []).slice().forEach(function (h) { h(ev); }); }
    };
    return element;
  }

  function elementsGroup(pk, options) {
    if (!options || typeof options.clientSecret !== "string") throw integrationError("In order to create a Payment Element, you must pass a clientSecret when creating the Elements group (the sandbox does not emulate the deferred-intent mode).");
    var group = { pk: pk, clientSecret: options.clientSecret, payment: null };
    return {
      create: function (type) {
        if (type !== "payment") throw integrationError("The sandbox's Stripe.js renders the Payment Element ('payment') only, not '" + type + "'.");
        if (group.payment) throw integrationError("Can only create one Element of type payment.");
        group.payment = paymentElement(group);
        return group.payment;
      },
      getElement: function (type) { return type === "payment" ? group.payment : null; },
      update: function () {},
      fetchUpdates: function () { return Promise.resolve({}); },
      submit: function () {
        if (!group.payment || !group.payment._mounted()) return Promise.resolve({ error: { type: "validation_error", message: "The Payment Element is not on the page." } });
        return ask(group.payment, { type: "submit" }).then(function (r) { return r.error ? { error: r.error } : {}; });
      },
      _payment: function () { return group.payment; }
    };
  }

  function unsupported(name) {
    return function () { return Promise.resolve({ error: { type: "invalid_request_error", message: "stripe." + name + "() is not emulated by the sandbox's Stripe.js; use the Payment Element and confirmPayment." } }); };
  }

  function Stripe(pk) {
    if (typeof pk !== "string" || !/^pk_(test|live)_/.test(pk)) throw integrationError("Invalid API Key provided: " + pk);
    return {
      elements: function (options) { return elementsGroup(pk, options); },
      confirmPayment: function (args) {
        var elements = args && args.elements;
        var returnUrl = args && args.confirmParams ? args.confirmParams.return_url : undefined;
        var redirect = (args && args.redirect) || "always";
        if (!elements || typeof elements._payment !== "function") return Promise.reject(integrationError("Invalid value for confirmPayment(): elements should be the Elements group the Payment Element was created from."));
        if (redirect === "always" && !returnUrl) return Promise.reject(integrationError("stripe.confirmPayment(): the confirmParams.return_url argument is required unless passing redirect: 'if_required'"));
        var payment = elements._payment();
        if (!payment || !payment._mounted()) return Promise.resolve({ error: { type: "validation_error", message: "The Payment Element is not on the page." } });
        return ask(payment, { type: "confirm", returnUrl: returnUrl || null }).then(function (r) {
          if (r.error) return { error: r.error };
          if (r.redirect && (redirect === "always" || r.paymentIntent.status === "requires_action")) {
            window.location.assign(r.redirect);
            return new Promise(function () {});
          }
          return { paymentIntent: r.paymentIntent };
        });
      },
      retrievePaymentIntent: unsupported("retrievePaymentIntent"),
      confirmCardPayment: unsupported("confirmCardPayment"),
      createPaymentMethod: unsupported("createPaymentMethod"),
      createToken: unsupported("createToken"),
      handleNextAction: unsupported("handleNextAction"),
      registerAppInfo: function () {},
      _registerWrapper: function () {}
    };
  }
  // The release @stripe/stripe-js expects, so it does not warn of a mismatch.
  Stripe.version = "endive";
  window.Stripe = Stripe;
})();
`;
