// The one HTTP listener behind the provider receivers of the sandbox tests
// (Stripe, PayPal, Payrexx): it reads each POST's raw body, since signatures cover
// exact bytes, and lets the provider's receiver decide what it means and what to answer.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RawPost {
  raw: string;
  headers: IncomingHttpHeaders;
  /** The request's path and query, as it arrived. */
  path: string;
}

export interface Answer {
  status: number;
  body?: string;
  contentType?: string;
}

export interface PostListener {
  /** http://127.0.0.1:<port><path> */
  url: string;
  close(): Promise<void>;
}

/** Listens on port 0 and answers each request with what `onPost` decides. */
export async function listenForPosts(path: string, onPost: (post: RawPost) => Answer): Promise<PostListener> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = onPost({ raw: Buffer.concat(chunks).toString("utf8"), headers: req.headers, path: req.url ?? "/" });
      res.writeHead(answer.status, answer.contentType ? { "content-type": answer.contentType } : {}).end(answer.body ?? "");
    });
  });
  // The sandbox posts with keep-alive; a short timeout lets close() finish at once.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
