/** Deterministic identifiers shaped like the real ones (chatcmpl-…, msg_01…, req_…). */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function* stream(seed: number): Generator<number> {
  let a = (seed * 2654435761) >>> 0;
  for (;;) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    yield (t ^ (t >>> 14)) >>> 0;
  }
}

function draw(alphabet: string, length: number, seed: number): string {
  const numbers = stream(seed);
  let out = '';
  while (out.length < length) out += alphabet[numbers.next().value! % alphabet.length];
  return out;
}

export const ids = {
  chatCompletion: (n: number) => `chatcmpl-${draw(BASE62, 29, n)}`,
  anthropicMessage: (n: number) => `msg_01${draw(BASE62, 22, n)}`,
  openAiRequest: (n: number) => `req_${draw('0123456789abcdef', 32, n)}`,
  anthropicRequest: (n: number) => `req_011C${draw(BASE62, 20, n)}`,
  /** Azure's apim-request-id is a UUID. */
  uuid: (n: number) => {
    const hex = draw('0123456789abcdef', 32, n);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  },
  signature: (n: number) => draw(BASE62, 64, n),
  accessToken: (n: number) => `mock-oauth-${draw(BASE62, 24, n)}`,
  /** OpenAI pads stream chunks with a random `obfuscation` string (1 to 16 characters) against size side channels. */
  obfuscation: (n: number) => draw(BASE62, 1 + (n % 16), n),
};
