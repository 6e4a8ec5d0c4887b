// A private client and mail service per call: the package's default export is a
// process-wide singleton, and connections with different keys must not share it.
import { Client } from "@sendgrid/client";
import mailPackage from "@sendgrid/mail";

type MailService = typeof mailPackage;
const MailServiceClass = (mailPackage as unknown as { MailService: new () => MailService }).MailService;

export function sendgridClients(baseUrl: string, apiKey: string, timeoutMs = 15_000) {
  const client = new Client();
  client.setApiKey(apiKey);
  client.setDefaultRequest("baseUrl", baseUrl);
  client.setDefaultRequest("timeout" as never, timeoutMs as never);
  const mail = new MailServiceClass();
  mail.setClient(client);
  return { client, mail };
}
