import { requireMember } from "@/lib/auth/session";
import { AdminNav } from "@/components/admin-nav";
import { switchOrganizationAction } from "./organization-actions";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  return (
    <>
      <AdminNav member={member} switchOrganization={switchOrganizationAction} />
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </>
  );
}
