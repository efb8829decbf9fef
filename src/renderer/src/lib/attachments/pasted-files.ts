/**
 * The files a paste carries: a screenshot, an image copied from a page, files copied in a file
 * manager. A picture that comes with plain text (a spreadsheet's cells copy as both) pastes as
 * the text, as it always did.
 */
export function pastedFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = Array.from(data.files);
  if (files.length === 0) return [];
  const text = data.getData('text/plain');
  if (text.trim() && files.every((file) => file.type.startsWith('image/'))) return [];
  return files;
}
