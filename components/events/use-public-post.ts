"use client";
// The public page's forms post JSON and read back one error contract: field
// errors under `fields`, a sentence under `message`. This holds that in one place.
import { useState } from "react";

export function usePublicPost() {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; ok: boolean }>();
  const [pending, setPending] = useState(false);
  // Counts failed submits, so a CAPTCHA widget knows to hand out a fresh token.
  const [failures, setFailures] = useState(0);

  /**
   * Posts; returns the body of a 201 (staying pending, since the page moves on),
   * or undefined after showing what went wrong; `onRefused` reads the body of a refusal the server sent.
   */
  async function post(url: string, payload: unknown, fallback: string, onRefused?: (body: Record<string, unknown>) => void): Promise<Record<string, unknown> | undefined> {
    setPending(true);
    setErrors({});
    setMessage(undefined);
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
      const body = await res.json().catch(() => ({}));
      if (res.status === 201) return body;
      onRefused?.(body);
      setErrors(body.fields ?? {});
      setMessage({ ok: false, text: body.message ?? fallback });
    } catch {
      setMessage({ ok: false, text: "We could not reach the server. Check your connection and try again." });
    }
    setPending(false);
    setFailures((n) => n + 1);
    return undefined;
  }

  return { errors, message, setMessage, pending, post, failures };
}
