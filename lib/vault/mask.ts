// What the browser may see of a secret: enough to recognise it, never enough to use it.
const DOTS = "••••";

export function maskSecret(secret: string): string {
  // A short secret's last four characters would be most of it.
  return secret.length < 8 ? DOTS : DOTS + secret.slice(-4);
}
