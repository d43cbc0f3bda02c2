/** A data job's error: what went wrong and what to do, announced (import.error, role=alert). */
export function JobError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid="import.error">
      {error}
    </p>
  );
}
