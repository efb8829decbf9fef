/** h1 (issue 12): a provider's custom headers and extra request-body JSON. */
export const providerExtrasEn = {
  headers: 'Headers',
  headerName: 'Header {{n}} name',
  headerValue: 'Header {{n}} value',
  secret: 'Secret',
  secretSaved: 'Saved; type to replace',
  removeHeader: 'Remove header {{n}}',
  addHeader: 'Add header',
  headersHint:
    "Sent with every request to this provider (for example OpenAI-Version, or OpenRouter's HTTP-Referer and X-Title). A secret one is kept in the keychain and sent only to this provider's address.",
  extraBody: 'Extra JSON',
  extraBodyHint:
    'Added to every request body, for vendor switches (for example {"enable_thinking": false}). It cannot set model, messages or stream.',
  problems: {
    name: "A header name has only letters, digits and - _ . ! # $ % & ' * + ^ ` | ~ (no spaces or colons).",
    forbidden: 'Parley sets this header itself (keys, host, content type and length, connection).',
    value: 'A header value cannot hold line breaks, control characters or characters beyond Latin-1.',
    twice: 'This header is given twice.',
    json: 'This is not valid JSON.',
    object: 'Extra JSON must be an object, like {"enable_thinking": false}.',
    reserved: 'Extra JSON cannot set model, messages or stream: Parley sets those itself.',
    size: 'Extra JSON is limited to 20000 characters.',
  },
};
