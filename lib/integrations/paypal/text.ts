/** PayPal's limit for names, descriptions and custom_id. */
export const TEXT_MAX = 127;

export const clip = (s: string) => (s.length <= TEXT_MAX ? s : `${s.slice(0, TEXT_MAX - 1)}…`);
