// PayPal's HATEOAS links: every object says where it lives and what can be done with it next.
export interface Link {
  href: string;
  rel: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
}

export const link = (href: string, rel: string, method: Link["method"] = "GET"): Link => ({ href, rel, method });
