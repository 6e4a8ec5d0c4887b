// `npm run sandbox`: the provider sandbox on its own, on SANDBOX_PORT (default 4010).
import { startSandbox } from "../sandbox/server";

const port = Number(process.env.SANDBOX_PORT ?? 4010);

startSandbox({ port, host: process.env.SANDBOX_HOST })
  .then((sandbox) => {
    console.log(`[sandbox] ready: ${sandbox.url} (inbox at ${sandbox.url}/)`);
    // Only whoever started it learns the token; set SANDBOX_CONTROL_TOKEN to choose it.
    if (!process.env.SANDBOX_CONTROL_TOKEN) console.log(`[sandbox] control token (header x-sandbox-control-token): ${sandbox.controlToken}`);
    // The sandbox's own servers (SMTP), and the environment an app sets to use them.
    for (const l of sandbox.listeners) {
      console.log(`[sandbox] ${l.describe}; an app uses it with:`);
      console.log(`  ${Object.entries(l.appEnv).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")}`);
    }
    const stop = () => void sandbox.stop().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  })
  .catch((err) => {
    console.error(`[sandbox] ${(err as Error).message}`);
    process.exit(1);
  });
