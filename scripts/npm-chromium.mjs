// Unpacks the Chromium that the @sparticuz/chromium package ships, with the NSS and
// expat libraries it bundles, into the directory given as argument; prints the
// binary's path. The package unpacks into os.tmpdir(), so TMPDIR points it there.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const target = process.argv[2];
if (!target) throw new Error("usage: npm-chromium.mjs <directory>");
process.env.TMPDIR = target;
const { default: chromium, inflate } = await import("@sparticuz/chromium");
const bin = join(createRequire(import.meta.url).resolve("@sparticuz/chromium"), "..", "..", "bin");
const [executable] = await Promise.all([chromium.executablePath(bin), inflate(join(bin, "al2023.tar.br"))]);
// The package's fonts.conf names /tmp/fonts (where it unpacks on AWS Lambda); without
// any font Chromium aborts on the first page, so point it at the fonts beside it.
writeFileSync(
  join(target, "fonts", "fonts.conf"),
  `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir prefix="relative">fonts</dir>
</fontconfig>
`,
);
process.stdout.write(executable);
