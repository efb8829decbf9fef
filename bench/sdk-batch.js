// The usual Node way to run a file of prompts, the peer `parley batch` is measured against in
// `npm run bench:batch`: the openai SDK, every line read into an array, and Promise.all over a small
// concurrency limiter (the p-limit pattern, written out here). Each answer is streamed and written
// to OUT as one JSON line. Usage: node bench/sdk-batch.js BASE_URL MODEL IN OUT CONCURRENCY (key in BENCH_KEY).
import { createWriteStream, readFileSync } from 'node:fs';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';

const [baseURL, model, input, output, slots] = process.argv.slice(2);
const client = new OpenAI({ apiKey: process.env.BENCH_KEY, baseURL });

/** At most `size` calls of the returned function run at once; the rest wait in order. */
function limiter(size) {
  let active = 0;
  const waiting = [];
  const next = () => {
    if (active >= size || waiting.length === 0) return;
    active++;
    const { task, resolve, reject } = waiting.shift();
    task()
      .then(resolve, reject)
      .finally(() => {
        active--;
        next();
      });
  };
  return (task) =>
    new Promise((resolve, reject) => {
      waiting.push({ task, resolve, reject });
      next();
    });
}

const lines = readFileSync(input, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));
const out = createWriteStream(output);
const limit = limiter(Number(slots));

async function ask(line) {
  const started = performance.now();
  let text = '';
  let usage = null;
  let error = null;
  try {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: line.prompt }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const part of stream) {
      text += part.choices[0]?.delta?.content ?? '';
      if (part.usage) usage = part.usage;
    }
  } catch (caught) {
    error = { message: String(caught?.message ?? caught) };
  }
  out.write(
    `${JSON.stringify({ id: line.id, text, usage, durationMs: performance.now() - started, error })}\n`,
  );
}

await Promise.all(lines.map((line) => limit(() => ask(line))));
await new Promise((resolve) => out.end(resolve));
