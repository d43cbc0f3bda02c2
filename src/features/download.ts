/** Saving bytes made in the page as a file the browser downloads. */
export function downloadFile(contents: Uint8Array | string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([contents as BlobPart], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  // The download has started by the next task; revoking sooner can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
