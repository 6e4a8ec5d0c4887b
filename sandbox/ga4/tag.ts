// A stand-in for gtag.js, so the public page's consent flow can be seen working
// without Google: it keeps a first-party _ga cookie in Google's format
// (GA1.1.<id>.<time>), reads the commands queued in dataLayer, and sends a
// page_view per `config` to /ga4/g/collect, where the inbox shows it.
import type { Ctx } from "../core/context";
import { record } from "../core/record";
import { sendContent, sendEmpty, sendText } from "../core/respond";
import { GA4_STATE } from "./state";
import { MEASUREMENT_ID } from "./payload";

function script(base: string, id: string): string {
  return `(function(){
var base=${JSON.stringify(base)},id=${JSON.stringify(id)};
function cid(){var m=document.cookie.match(/(?:^|; )_ga=GA1\\.1\\.(\\d+\\.\\d+)/);if(m)return m[1];
var c=Math.floor(Math.random()*2147483647)+"."+Math.floor(Date.now()/1000);
document.cookie="_ga=GA1.1."+c+"; path=/; max-age=63072000; SameSite=Lax";return c;}
function hit(name){var q=new URLSearchParams({v:"2",tid:id,cid:cid(),en:name,dl:location.href,dt:document.title}).toString();
var url=base+"/g/collect?"+q;if(navigator.sendBeacon&&navigator.sendBeacon(url))return;fetch(url,{method:"POST",mode:"no-cors",keepalive:true});}
function run(a){if(!a)return;if(a[0]==="config"&&a[1]===id)hit("page_view");else if(a[0]==="event")hit(String(a[1]));}
var dl=window.dataLayer=window.dataLayer||[];for(var i=0;i<dl.length;i++)run(dl[i]);
var push=dl.push;dl.push=function(a){run(a);return push.apply(dl,arguments);};
})();`;
}

/** GET /ga4/gtag/js?id=G-…: the stand-in tag, counted per measurement id. */
export function serveTag(ctx: Ctx): void {
  record(ctx, "gtag.js");
  const id = String(ctx.url.searchParams.get("id") ?? "");
  if (!MEASUREMENT_ID.test(id)) return sendText(ctx, 400, "gtag.js needs ?id=G-XXXXXXXXXX");
  const state = GA4_STATE.of(ctx.rt);
  state.tagLoads[id] = (state.tagLoads[id] ?? 0) + 1;
  sendContent(ctx, 200, "application/javascript; charset=utf-8", script(`${ctx.rt.url}/ga4`, id), { "Cache-Control": "no-store" });
}

/** POST /ga4/g/collect: a hit of the stand-in tag, answered 204 as Google's is. */
export function tagHit(ctx: Ctx): void {
  record(ctx, "g.collect");
  const q = ctx.url.searchParams;
  if (q.get("en") === "page_view" && q.get("tid")) {
    GA4_STATE.of(ctx.rt).pageViews.push({ at: new Date(ctx.rt.clock.now()).toISOString(), measurementId: q.get("tid")!, clientId: q.get("cid") ?? "", location: q.get("dl") ?? "", title: q.get("dt") ?? "" });
  }
  sendEmpty(ctx, 204, { "Access-Control-Allow-Origin": "*" });
}
