/**
 * Message content with attachments, checked as the real APIs check it, so tests prove Parley's part
 * shapes rather than a lenient server's. OpenAI and Azure: `text`, `image_url` (a data: or http(s)
 * URL, a data URL with an image type and valid base64 of that image; `detail` auto, low or high) and
 * `file` parts (`filename` and `file_data`, a PDF data URL); image parts only in user messages; a
 * text-only model refuses images as OpenAI does. Anthropic: `text` blocks (not empty), `image`
 * blocks (base64 PNG, JPEG, GIF or WebP that is what it says) and `document` blocks (base64 PDF).
 */

export interface ContentProblem {
  message: string;
  param: string | null;
  code: string | null;
}

/** Models without file (PDF) parts: text-only models and the GPT-4 generation before gpt-4o. */
export function takesNoFiles(model: string, textOnly: boolean): boolean {
  return textOnly || /^gpt-4(-turbo|-\d{4}|$)/.test(model.slice(model.lastIndexOf('/') + 1).toLowerCase());
}

/** Models that take text only: those the mock was started with, any whose name says so, and old GPTs. */
export function isTextOnly(model: string, listed: ReadonlySet<string>): boolean {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return listed.has(model) || name.includes('text-only') || /^gpt-3\.5|^gpt-4(-0314|-0613)?$/.test(name);
}

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Standard base64 (as both APIs want it), decoded; null when it is not. */
export function strictBase64(data: unknown): Buffer | null {
  if (typeof data !== 'string' || data.length === 0 || data.length % 4 !== 0) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  return Buffer.from(data, 'base64');
}

/** What an image's first bytes say it is. */
export function sniffImage(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (/^GIF8[79]a/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

const isPdf = (bytes: Buffer) => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

/** `data:<mime>;base64,<data>` split; null when the URL is not a base64 data URL. */
export function readDataUrl(url: string): { mime: string; bytes: Buffer | null } | null {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mime: match[1]!.toLowerCase(), bytes: strictBase64(match[2]) } : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

const invalidValue = (param: string, value: unknown, allowed: string): ContentProblem => ({
  message: `Invalid value: '${String(value)}'. Supported values are: ${allowed}.`,
  param,
  code: 'invalid_value',
});

function openAiImageProblem(image: Record<string, unknown> | null, at: string): ContentProblem | undefined {
  const url = image?.url;
  if (typeof url !== 'string')
    return {
      message: `Missing required parameter: '${at}.image_url.url'.`,
      param: `${at}.image_url.url`,
      code: 'missing_required_parameter',
    };
  const detail = image!.detail;
  if (detail !== undefined && !['auto', 'low', 'high'].includes(detail as string))
    return invalidValue(`${at}.image_url.detail`, detail, "'auto', 'low', and 'high'");
  if (/^https?:\/\//i.test(url)) return undefined;
  const data = readDataUrl(url);
  if (!data || !data.mime.startsWith('image/'))
    return {
      message: `Invalid image URL: '${at}.image_url.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the 'data:' prefix or with another MIME type.`,
      param: `${at}.image_url.url`,
      code: 'invalid_value',
    };
  if (!data.bytes || !IMAGE_TYPES.includes(data.mime) || sniffImage(data.bytes) !== data.mime)
    return {
      message:
        "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
      param: null,
      code: 'invalid_image_format',
    };
  return undefined;
}

function openAiFileProblem(file: Record<string, unknown> | null, at: string): ContentProblem | undefined {
  if (!file)
    return {
      message: `Missing required parameter: '${at}.file'.`,
      param: `${at}.file`,
      code: 'missing_required_parameter',
    };
  if (typeof file.file_data !== 'string')
    return {
      message: `Missing required parameter: '${at}.file.file_data'.`,
      param: `${at}.file.file_data`,
      code: 'missing_required_parameter',
    };
  if (typeof file.filename !== 'string' || !file.filename)
    return {
      message: `Missing required parameter: '${at}.file.filename'.`,
      param: `${at}.file.filename`,
      code: 'missing_required_parameter',
    };
  const data = readDataUrl(file.file_data);
  if (!data || data.mime !== 'application/pdf' || !data.bytes || !isPdf(data.bytes))
    return {
      message: `Invalid file data: '${at}.file.file_data'. Expected a base64-encoded data URL with a PDF MIME type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got an invalid value.`,
      param: `${at}.file.file_data`,
      code: 'invalid_value',
    };
  return undefined;
}

/** The first content part OpenAI (or Azure) would refuse, in its order of checking. */
export function openAiContentProblem(
  body: unknown,
  model: string,
  listed: ReadonlySet<string>,
): ContentProblem | undefined {
  const textOnly = isTextOnly(model, listed);
  const messages = record(body)?.messages;
  if (!Array.isArray(messages)) return undefined;
  for (const [m, message] of messages.entries()) {
    const content = record(message)?.content;
    if (!Array.isArray(content)) continue;
    const role = record(message)?.role;
    for (const [p, raw] of content.entries()) {
      const part = record(raw);
      const at = `messages[${m}].content[${p}]`;
      const type = part?.type;
      if (type === 'text') {
        if (typeof part!.text !== 'string')
          return {
            message: `Invalid type for '${at}.text': expected a string.`,
            param: `${at}.text`,
            code: 'invalid_type',
          };
        continue;
      }
      if (type !== 'image_url' && type !== 'file')
        return invalidValue(
          `${at}.type`,
          type,
          "'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'",
        );
      if (role !== 'user')
        return {
          message: `Invalid '${at}.type': '${String(type)}' is only allowed in messages with role 'user', but this message has role '${String(role)}'.`,
          param: `${at}.type`,
          code: 'invalid_value',
        };
      if (type === 'image_url' && textOnly)
        return {
          message: 'Invalid content type. image_url is only supported by certain models.',
          param: `messages.[${m}].content.[${p}].type`,
          code: null,
        };
      if (type === 'file' && takesNoFiles(model, textOnly))
        return {
          message: "Invalid Value: 'file'. This model does not support file content types.",
          param: `${at}.type`,
          code: 'invalid_value',
        };
      const problem =
        type === 'image_url'
          ? openAiImageProblem(record(part!.image_url), at)
          : openAiFileProblem(record(part!.file), at);
      if (problem) return problem;
    }
  }
  return undefined;
}

function anthropicBlockProblem(
  block: Record<string, unknown> | null,
  at: string,
  textOnly: boolean,
): string | undefined {
  const type = block?.type;
  // Tool blocks are checked against their turns by tool-rules.ts.
  if (type === 'tool_use' || type === 'tool_result') return undefined;
  if (type === 'text')
    return typeof block!.text === 'string' && block!.text.length > 0
      ? undefined
      : 'messages: text content blocks must be non-empty';
  if (type !== 'image' && type !== 'document')
    return `${at}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'document', 'image', 'redacted_thinking', 'search_result', 'server_tool_use', 'text', 'thinking', 'tool_result', 'tool_use', 'web_search_tool_result'`;
  const source = record(block!.source);
  if (source?.type !== 'base64')
    return `${at}.${type}.source: Input tag '${String(source?.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url'`;
  const bytes = strictBase64(source.data);
  if (type === 'document') {
    if (source.media_type !== 'application/pdf')
      return `${at}.document.source.base64.media_type: Input should be 'application/pdf'`;
    if (!bytes || !isPdf(bytes)) return `${at}.document.source.base64.data: The PDF specified was not valid.`;
    return undefined;
  }
  if (textOnly) return `${at}.image: This model does not support image input.`;
  const mime = source.media_type;
  if (typeof mime !== 'string' || !IMAGE_TYPES.includes(mime))
    return `${at}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
  if (!bytes) return `${at}.image.source.base64.data: Invalid base64 data`;
  const actual = sniffImage(bytes);
  if (actual !== mime)
    return `${at}.image.source.base64.data: The image was specified using the ${mime} media type, but the image appears to be ${actual ? `a ${actual}` : 'an unsupported'} image`;
  return undefined;
}

/** Anthropic's 400 message for the first content block it would refuse. */
export function anthropicContentProblem(body: unknown, textOnly: boolean): string | undefined {
  const messages = record(body)?.messages;
  if (!Array.isArray(messages)) return undefined;
  for (const [m, message] of messages.entries()) {
    const content = record(message)?.content;
    if (typeof content === 'string' && content.length === 0 && m < messages.length - 1)
      return `messages.${m}: all messages must have non-empty content except for the optional final assistant message`;
    if (!Array.isArray(content)) continue;
    for (const [b, block] of content.entries()) {
      const problem = anthropicBlockProblem(record(block), `messages.${m}.content.${b}`, textOnly);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** One content part as a test reads it back, whichever API it was sent to. */
export type SentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; mime: string; bytes: Buffer; detail?: string }
  | { type: 'pdf'; name: string | undefined; bytes: Buffer };

/** The parts of one recorded message (default: the last user message), as sent to OpenAI, Azure or Anthropic. */
export function sentParts(body: unknown, index?: number): SentPart[] {
  const messages = (record(body)?.messages ?? []) as unknown[];
  const at = index ?? messages.findLastIndex((m) => record(m)?.role === 'user');
  const content = record(messages[at])?.content;
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.map((raw): SentPart => {
    const part = record(raw) ?? {};
    if (part.type === 'text') return { type: 'text', text: String(part.text) };
    if (part.type === 'image_url') {
      const image = record(part.image_url) ?? {};
      const data = readDataUrl(String(image.url));
      return {
        type: 'image',
        mime: data?.mime ?? '',
        bytes: data?.bytes ?? Buffer.alloc(0),
        detail: image.detail as string,
      };
    }
    if (part.type === 'file') {
      const file = record(part.file) ?? {};
      return {
        type: 'pdf',
        name: file.filename as string,
        bytes: readDataUrl(String(file.file_data))?.bytes ?? Buffer.alloc(0),
      };
    }
    const source = record(part.source) ?? {};
    const bytes = strictBase64(source.data) ?? Buffer.alloc(0);
    if (part.type === 'document') return { type: 'pdf', name: part.title as string | undefined, bytes };
    return { type: 'image', mime: String(source.media_type), bytes };
  });
}
