// Cloudinary as data: what the catalog shows, and what an admin types to connect:
// the cloud name and an API key with its secret (Cloudinary Console → Settings →
// API Keys). It keeps event cover images and serves them resized for each screen.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";

const WHERE = "Cloudinary Console → Settings → API Keys";

export const cloudinaryCredentials = z.object({
  cloudName: z
    .string()
    .trim()
    .min(1, "Enter your cloud name: it is shown at the top of Cloudinary Console's dashboard")
    .max(128, "That is longer than a cloud name: copy only the cloud name from Cloudinary Console's dashboard")
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "A cloud name has only letters, digits, hyphens and underscores: copy it from Cloudinary Console's dashboard")
    .meta({ label: "Cloud name", placeholder: "my-cloud", help: "Shown at the top of Cloudinary Console's dashboard. In the sandbox: switchboard-demo." }),
  apiKey: z
    .string()
    .trim()
    .regex(/^\d{6,20}$/, `A Cloudinary API key is a number of 15 or so digits: copy it from ${WHERE}`)
    .meta({ label: "API key", placeholder: "123456789012345", help: `${WHERE}. In the sandbox: 100000000000001.` }),
  apiSecret: z
    .string()
    .trim()
    .min(8, `The API secret is longer than that: copy it from ${WHERE}`)
    .max(128, `That is longer than a Cloudinary API secret: copy only the secret from ${WHERE}`)
    .regex(/^\S+$/, `The API secret has no spaces: copy it again from ${WHERE}`)
    .meta({
      label: "API secret",
      input: "secret",
      help: `${WHERE} (reveal it with the eye icon). Uploads and delivery URLs are signed with it; it is never sent. In the sandbox: cloudinary-sandbox-secret-fake.`,
    }),
});
export type CloudinaryCredentials = z.infer<typeof cloudinaryCredentials>;

/** Nothing to choose: images go to the cloud as they come. */
const cloudinarySettings = z.object({});
export type CloudinarySettings = z.infer<typeof cloudinarySettings>;
export type CloudinaryContext = ConnectorContext<CloudinaryCredentials, CloudinarySettings>;

export const manifest = defineManifest<CloudinaryCredentials, CloudinarySettings>({
  id: "cloudinary",
  name: "Cloudinary",
  category: "storage",
  description: "Keeps event cover images in your Cloudinary cloud and serves them in responsive sizes (resized, in the best format and quality for each browser) on the public event page.",
  auth: "api_key",
  baseUrls: { live: "https://api.cloudinary.com/", sandboxPath: "/cloudinary/" },
  // Pages show covers (and their srcset sizes) straight from Cloudinary's CDN.
  browserOrigins: ["https://res.cloudinary.com"],
  credentialsSchema: cloudinaryCredentials,
  settingsSchema: cloudinarySettings,
});
