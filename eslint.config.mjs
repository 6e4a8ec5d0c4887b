// `npm run lint`: Next.js's own rules (React, hooks, accessibility, imports, Core Web
// Vitals) and typescript-eslint's recommended set, over every TypeScript folder and
// the Zapier app's JavaScript.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // An unused name is a mistake (Next's preset only warns); a leading underscore marks a deliberate one.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  {
    files: ["app/**/page.tsx", "app/**/layout.tsx"],
    ignores: ["app/login/page.tsx"],
    rules: {
      // Pages are Server Components rendered once per request: reading the clock there is intended.
      "react-hooks/purity": "off",
    },
  },
  {
    files: ["tests/**"],
    rules: {
      // The tests' use* helpers (useOrgDatabase, useSandbox…) register vitest hooks, not React hooks.
      "react-hooks/rules-of-hooks": "off",
      "react-hooks/immutability": "off",
      // Tests read untyped JSON answers and poke at internals on purpose.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // The Zapier app is CommonJS JavaScript, as Zapier runs it (zapier-app/tsconfig.json type-checks it).
    files: ["zapier-app/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  globalIgnores([".next/**", ".data/**", "out/**", "build/**", "next-env.d.ts"]),
]);
