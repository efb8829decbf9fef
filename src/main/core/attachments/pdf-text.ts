import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { attachmentRefusal } from './refusals.ts';

/** What one PDF may cost to read: pages, and time (a hostile file must not hold up Parley). */
export const PDF_LIMITS = { maxPages: 2000, timeoutMs: 20_000 } as const;

interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<{
    getTextContent(): Promise<{ items: ({ str?: string; hasEOL?: boolean } | object)[] }>;
    cleanup(): unknown;
  }>;
  /** Releases the document (the proxy of this pdf.js build has no `destroy` of its own). */
  loadingTask: { destroy(): Promise<void> };
}

/**
 * A PDF's text layer (pages apart by a blank line) with unpdf (pdf.js, pure JavaScript). Refused in
 * plain words when the file cannot be read, has too many pages, its text is over the cap, or reading
 * takes too long; the page loop stops at once then and the pdf is released. Empty text means a
 * PDF without a text layer (a scan).
 */
export async function extractPdfText(
  bytes: Uint8Array,
  limits: { maxPages: number; timeoutMs: number; maxChars: number } = {
    ...PDF_LIMITS,
    maxChars: ATTACHMENT_LIMITS.maxTextChars,
  },
): Promise<string> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: PdfDocument | null = null;
  let timedOut = false;
  const deadline = Date.now() + limits.timeoutMs;
  /** Between steps: lets the rest of Parley run, and stops once the time is up. */
  const checkpoint = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    if (timedOut || Date.now() >= deadline) throw timeoutRefusal();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = async (): Promise<string> => {
    // pdf.js takes the buffer it is given; it gets a copy so the caller's bytes stay whole.
    pdf = (await getDocumentProxy(new Uint8Array(bytes), {
      // No images decoded (only text is read), no fonts loaded.
      maxImageSize: 0,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    })) as unknown as PdfDocument;
    await checkpoint();
    if (pdf.numPages > limits.maxPages)
      throw attachmentRefusal(
        'pdf_too_many_pages',
        `That PDF has more than ${limits.maxPages} pages, more than Parley reads.`,
        { limit: limits.maxPages },
      );
    const pages: string[] = [];
    let chars = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      await checkpoint();
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      page.cleanup();
      const text = content.items
        .map((item) => ('str' in item ? `${item.str ?? ''}${item.hasEOL ? '\n' : ''}` : ''))
        .join('')
        .trim();
      chars += text.length + 2;
      if (chars > limits.maxChars) throw textTooLong(limits.maxChars);
      pages.push(text);
    }
    return pages.filter((text) => text.length > 0).join('\n\n');
  };
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(timeoutRefusal());
    }, limits.timeoutMs);
  });
  try {
    const reading = read();
    reading.catch(() => undefined); // after a timeout, its own end is of no interest
    return await Promise.race([reading, timeout]);
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    throw attachmentRefusal(
      'attachment_unreadable',
      'That PDF could not be read: it is damaged or protected.',
      {},
      String(error),
    );
  } finally {
    clearTimeout(timer);
    await (pdf as PdfDocument | null)?.loadingTask.destroy().catch(() => undefined);
  }
}

const timeoutRefusal = () =>
  attachmentRefusal('pdf_timeout', 'That PDF took too long to read, so Parley stopped.', {});

export const textTooLong = (limit: number) =>
  attachmentRefusal(
    'attachment_text_too_long',
    `That file's text is longer than ${limit.toLocaleString('en-US')} characters, more than Parley sends with a message.`,
    { limit },
  );
