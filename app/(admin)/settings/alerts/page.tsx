import { AlertLog } from "@/components/alerts/alert-log";
import { requireAdmin } from "@/lib/auth/session";

export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const member = await requireAdmin();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <p className="text-sm text-slate-600">
        When a connection needs attention, a breaker stays open, a grant is about to lapse, an endpoint is disabled or deliveries pile up, the owners and admins
        get one e-mail and one chat message per incident, and a note when it is resolved.
      </p>
      <AlertLog orgId={member.orgId} />
    </div>
  );
}
