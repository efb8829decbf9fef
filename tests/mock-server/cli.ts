/** `npm run mock-server -- [--port N] [--chunk-delay-ms N]`: the mock server until Ctrl+C. */
import { parseArgs } from 'node:util';
import { startMockServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    'chunk-delay-ms': { type: 'string' },
    'api-key': { type: 'string', multiple: true },
    'text-only-model': { type: 'string', multiple: true },
  },
});

function integer(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${value}`);
    process.exit(2);
  }
  return n;
}

const chunkDelay = values['chunk-delay-ms'];
const server = await startMockServer({
  port: integer('port', values.port),
  apiKeys: values['api-key'],
  textOnlyModels: values['text-only-model'],
  defaults: chunkDelay === undefined ? {} : { chunkDelayMs: integer('chunk-delay-ms', chunkDelay) },
});
console.log(`Mock server: ${server.url} (OpenAI base URL ${server.url}/v1)`);

const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
