import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/sandbox/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time, each with its own database.
    maxWorkers: 2,
    env: {
      LOG_LEVEL: "silent",
      // Tests run beside their own sandbox, as the demo does; some set DATABASE_URL, which alone would turn it off.
      SANDBOX: "on",
      // An obviously fake key for sealing test credentials.
      VAULT_KEYS: "test:c3dpdGNoYm9hcmQtdGVzdC12YXVsdC1rZXktMzJieXQ=",
      VAULT_CURRENT_KEY_ID: "test",
      // Real bcrypt hashes at its least cost, so the suite does not spend minutes hashing (see lib/auth/password.ts).
      PASSWORD_HASH_ROUNDS: "4",
    },
  },
});
