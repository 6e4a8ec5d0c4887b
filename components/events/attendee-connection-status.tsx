// What connected services say about one attendee on the attendee list ("GitHub:
// joined as octocat"), from the connectors' eventViews capability.
export function AttendeeConnectionStatus({ lines }: { lines: string[] | undefined }) {
  if (!lines?.length) return null;
  return (
    <ul className="mt-1 text-xs text-slate-600">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}
