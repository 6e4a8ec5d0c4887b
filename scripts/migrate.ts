// `npm run migrate`: applies supabase/migrations to DATABASE_URL (or the embedded database).
import { prepareDatabase } from "@/lib/runtime/bootstrap";

prepareDatabase((l) => console.log(`[migrate] ${l}`))
  .then((rt) => rt.stop())
  .catch((err) => {
    console.error(`[migrate] ${(err as Error).message}`);
    process.exit(1);
  });
