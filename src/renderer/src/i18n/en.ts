/** English UI text. Every string the UI shows lives here and in zh-CN.ts (same keys). */
export const en = {
  app: { name: 'Parley' },
  chat: {
    message: 'Message',
    placeholder: 'Ask anything. Enter sends, Shift+Enter adds a line.',
    send: 'Send',
    stop: 'Stop',
    user: 'User',
    assistant: 'Assistant',
    empty: 'Start a conversation. Your messages and answers are saved on this computer.',
    streaming: 'Answering…',
    queued: 'Waiting for the rate limit…',
    retrying: 'Retrying in {{seconds}} s (attempt {{attempt}} of {{max}})…',
    interrupted: 'The answer was interrupted. What arrived is kept.',
    stopped: 'Stopped. What arrived is kept.',
    error: 'The answer failed: {{message}}',
  },
  settings: {
    title: 'Settings',
    open: 'Settings',
    close: 'Close settings',
    baseUrl: 'Base URL',
    model: 'Model',
    apiKey: 'API key',
    keySet: 'A key ending in {{last4}} is saved.',
    keyNone: 'No key saved.',
    keyMemory: 'The key is kept only until Parley quits: {{reason}}',
    save: 'Save',
    saved: 'Saved.',
    test: 'Test',
    testOk: 'Connected: {{count}} models available.',
  },
  errors: {
    unauthenticated: 'Open Parley with the address `npm run web` printed (it carries the access token).',
  },
};

export type Messages = typeof en;
