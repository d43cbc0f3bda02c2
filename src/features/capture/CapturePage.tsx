/** CONTRACT PLACEHOLDER (issue 18, helper H3 replaces it): the capture page, #/capture. */
export function CapturePage() {
  return (
    <main>
      <h1>Capture</h1>
    </main>
  );
}
