"use client";
// Cloudflare Turnstile, rendered only when the server has a site key. The script
// is added from here rather than the page, so the CSP's 'strict-dynamic' admits
// it without a nonce; after each failed submit the widget is reset, because a
// token counts once.
import { useEffect, useRef } from "react";
import { TOKEN_FIELD } from "@/lib/rate-limit/human-check-field";

interface Turnstile {
  render(el: HTMLElement, opts: Record<string, unknown>): string;
  reset(id: string): void;
  remove(id: string): void;
}

const SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
let loading: Promise<Turnstile> | undefined;

function loadTurnstile(): Promise<Turnstile> {
  loading ??= new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = SCRIPT;
    s.async = true;
    s.onload = () => ((window as { turnstile?: Turnstile }).turnstile ? resolve((window as { turnstile?: Turnstile }).turnstile!) : reject(new Error("no turnstile")));
    s.onerror = () => {
      loading = undefined;
      reject(new Error("The check that you are a person could not load."));
    };
    document.head.appendChild(s);
  });
  return loading;
}

export function HumanCheck({ siteKey, failures, errors }: { siteKey: string | null; failures: number; errors?: string[] }) {
  const box = useRef<HTMLDivElement>(null);
  const widget = useRef<{ api: Turnstile; id: string } | null>(null);

  useEffect(() => {
    if (!siteKey) return;
    let gone = false;
    loadTurnstile()
      .then((api) => {
        if (!gone && box.current) widget.current = { api, id: api.render(box.current, { sitekey: siteKey, "response-field-name": TOKEN_FIELD }) };
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      if (widget.current) widget.current.api.remove(widget.current.id);
      widget.current = null;
    };
  }, [siteKey]);

  useEffect(() => {
    if (failures > 0 && widget.current) widget.current.api.reset(widget.current.id);
  }, [failures]);

  if (!siteKey) return null;
  return (
    <div>
      <div ref={box} />
      {errors?.length ? <p role="alert" className="mt-1 text-sm text-red-600">{errors.join(" ")}</p> : null}
    </div>
  );
}
