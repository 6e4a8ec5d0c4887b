"use client";
// A secret shown once (an endpoint's signing secret, a new API key), with a copy
// button. After this the page only ever shows a masked hint.
import { useState } from "react";

export function SecretOnce({ secret, testId }: { secret: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code data-testid={testId} className="select-all break-all rounded bg-white px-2 py-1 font-mono text-slate-900 ring-1 ring-emerald-200">
        {secret}
      </code>
      <button
        type="button"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 hover:bg-slate-50"
        onClick={async () => {
          await navigator.clipboard?.writeText(secret).catch(() => undefined);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
