"use client";
// A plain navigation, not a form submit: the CSP's form-action would stop the
// redirect on to the provider's consent page.
import { useState } from "react";

export function OAuthConnect({ connectorId, label, defaultMode, sandbox }: { connectorId: string; label: string; defaultMode: string; sandbox: boolean }) {
  const [mode, setMode] = useState(defaultMode === "live" || !sandbox ? "live" : "sandbox");
  return (
    <div className="space-y-4">
      <fieldset className="flex gap-6 text-sm">
        <legend className="mb-1 block text-sm font-medium text-slate-700">Mode</legend>
        {sandbox ? <label className="flex items-center gap-2"><input type="radio" name="mode" value="sandbox" checked={mode === "sandbox"} onChange={() => setMode("sandbox")} /> Sandbox (local emulator)</label> : null}
        <label className="flex items-center gap-2"><input type="radio" name="mode" value="live" checked={mode === "live"} onChange={() => setMode("live")} /> Live</label>
      </fieldset>
      <a href={`/api/integrations/${connectorId}/oauth/start?mode=${mode}`} className="inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {label}
      </a>
    </div>
  );
}
