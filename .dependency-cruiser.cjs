// The dependency rules `npm test` enforces (npm run deps). They keep the layers
// one-way: app and components on top, lib below, the sandbox beside lib and
// reached only over HTTP, and each provider's folder reached only through the
// registry, so removing a provider is removing a folder and a line.
const fs = require("node:fs");
const path = require("node:path");

/** Provider folders: the folders under lib/integrations that hold a connector. */
const integrations = path.join(__dirname, "lib/integrations");
const providers = fs
  .readdirSync(integrations, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(integrations, d.name, "connector.ts")))
  .map((d) => d.name);
const providerFolder = `^lib/integrations/(${providers.join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A file must not import itself back through others: split out what both need.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-cycle-between-lib-concerns",
      comment: "lib/<concern> folders depend one way: a cycle through two of them means a piece sits in the wrong one.",
      severity: "error",
      scope: "folder",
      from: { path: "^(lib/[^/]+)" },
      to: { circular: true, pathNot: "^$1(/|$)" },
    },
    {
      name: "no-cycle-between-sandbox-folders",
      comment: "sandbox/core and the shared sandbox folders must not reach back into a provider's emulator.",
      severity: "error",
      scope: "folder",
      from: { path: "^(sandbox/[^/]+)" },
      to: { circular: true, pathNot: "^$1(/|$)" },
    },
    {
      name: "lib-not-app",
      comment: "Business logic does not depend on pages, routes or components.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "middleware-stays-edge-safe",
      comment: "middleware.ts runs in the edge runtime: providers' manifests and SDKs (node:net and the like) must not reach it; pass what it needs through the environment (scripts/serve.ts).",
      severity: "error",
      from: { path: "^middleware\\.ts$" },
      to: { path: "^lib/integrations/" },
    },
    {
      name: "lib-and-sandbox-apart",
      comment: "lib and the sandbox talk only over HTTP, as lib and a real provider do.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^sandbox/" },
    },
    {
      name: "sandbox-and-lib-apart",
      comment: "lib and the sandbox talk only over HTTP, as lib and a real provider do.",
      severity: "error",
      from: { path: "^sandbox/" },
      to: { path: "^lib/" },
    },
    {
      name: "provider-only-through-registry",
      comment: "A provider's folder is reached through lib/integrations/registry.ts (its manifest and connector), never imported by generic code.",
      severity: "error",
      from: { pathNot: [providerFolder, "^lib/integrations/registry\\.ts$"] },
      to: { path: providerFolder },
    },
    {
      name: "provider-not-another-provider",
      comment: "Providers share code through the neutral folders, never through each other.",
      severity: "error",
      from: { path: providerFolder },
      to: { path: providerFolder, pathNot: "^lib/integrations/$1/" },
    },
    {
      name: "zapier-app-stands-alone",
      comment: "zapier-app/ is uploaded to Zapier on its own (zapier push) and talks to Switchboard over HTTP: it imports nothing of the repository.",
      severity: "error",
      from: { path: "^zapier-app/" },
      to: { pathNot: "^(zapier-app/|node_modules/)", dependencyTypesNot: ["core"] },
    },
    {
      name: "nothing-imports-zapier-app",
      comment: "The product does not run the Zapier app; only its tests load it.",
      severity: "error",
      from: { pathNot: "^zapier-app/" },
      to: { path: "^zapier-app/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|\\.next|\\.data)" },
  },
};
