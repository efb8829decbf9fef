/**
 * Parley's streaming client against the official `openai` SDK, on the same local server, in one run.
 *
 *   npm run bench:client [-- --reps 7] [--only cold|events|big|first-token]
 *
 * Two answers are streamed: 20,000 small events, and one 5 MB event. Each measurement runs in its own
 * child process (so peak RSS belongs to one contender), after one small warm-up request on the same
 * connection; contenders alternate, and the median of the repetitions is reported. CPU time is the
 * child's user+system time while streaming; time to first token is measured on the warm connection.
 * Each contender is read the way its own callers read it: the SDK's stream chunk by chunk, Parley's
 * client a batch per network read (`streamBatches`, as the chat service and so the app and `parley`
 * read it), every event handled on its own; both keep the same text.
 *
 * The cold-start rows time whole processes instead: `parley ask` (bin/parley.js, saving each answer
 * to a history in a temporary data folder) against the SDK's plain script (bench/sdk-ask.js), each
 * asking for a 3-event answer from a new process, after one uncounted run each; wall time from spawn
 * to exit, CPU and peak RSS as the process itself reports them at exit (bench/report-usage.js,
 * preloaded into both).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from './ensure-bundle.ts';

type Contender = 'parley' | 'sdk';
type Scenario = 'events' | 'big' | 'first-token' | 'cold';

interface Sample {
  cpuMs: number;
  wallMs: number;
  ttftMs: number;
  peakRssMb: number;
  chars: number;
}

const EVENT_COUNT = 20_000;
/** Small requests per child for the time-to-first-token measurement (the child reports their median). */
const FIRST_TOKEN_REQUESTS = 25;
const BIG_BYTES = 5 * 1024 * 1024;
const WORDS = [
  'Parley ',
  'streams ',
  'tokens ',
  'quickly, ',
  'née ',
  'naïve ',
  '— ',
  'über ',
  '日本 ',
  '🙂 ',
];

// ---------------------------------------------------------------- the server (parent process)

function chunk(id: string, delta: object, finish: string | null = null): string {
  return `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'bench',
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  })}\n\n`;
}

function usageChunk(id: string, completionTokens: number): string {
  const usage = {
    prompt_tokens: 12,
    completion_tokens: completionTokens,
    total_tokens: 12 + completionTokens,
  };
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench', choices: [], usage })}\n\n`;
}

/** The answer as the list of wire events (each one `res.write`), and the text it carries. */
function buildAnswer(scenario: 'events' | 'big' | 'warm' | 'cold'): { events: Buffer[]; text: string } {
  const id = `chatcmpl-${scenario}`;
  const events: string[] = [chunk(id, { role: 'assistant', content: '' })];
  let text = '';
  if (scenario === 'big') {
    let big = '';
    for (let i = 0; big.length < BIG_BYTES / 1.2; i++) big += WORDS[i % WORDS.length];
    text = big;
    events.push(chunk(id, { content: big }));
  } else {
    const count = scenario === 'events' ? EVENT_COUNT : scenario === 'cold' ? 3 : 10;
    for (let i = 0; i < count; i++) {
      const piece = WORDS[i % WORDS.length]!;
      text += piece;
      events.push(chunk(id, { content: piece }));
    }
  }
  events.push(
    chunk(id, {}, 'stop'),
    usageChunk(id, scenario === 'big' ? 1_000_000 : EVENT_COUNT),
    'data: [DONE]\n\n',
  );
  return { events: events.map((event) => Buffer.from(event)), text };
}

async function writeAll(res: ServerResponse, events: Buffer[]): Promise<void> {
  for (const event of events) {
    if (event.length > 65_536) {
      for (let at = 0; at < event.length; at += 65_536) {
        if (!res.write(event.subarray(at, at + 65_536)))
          await new Promise((resolve) => res.once('drain', resolve));
      }
    } else if (!res.write(event)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

async function startServer(): Promise<{
  url: string;
  expected: Record<string, number>;
  close(): Promise<void>;
}> {
  const answers = {
    events: buildAnswer('events'),
    big: buildAnswer('big'),
    warm: buildAnswer('warm'),
    cold: buildAnswer('cold'),
  };
  const server = createServer({ noDelay: true }, (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => {
      const model = (JSON.parse(body) as { model: string }).model as keyof typeof answers;
      const answer = answers[model] ?? answers.warm;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      void writeAll(res, answer.events);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    expected: {
      events: answers.events.text.length,
      big: answers.big.text.length,
      'first-token': answers.warm.text.length,
      cold: answers.cold.text.length,
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- the contenders (child processes)

type Streamer = (model: string, onText: (text: string) => void) => Promise<void>;

async function parleyStreamer(url: string): Promise<Streamer> {
  const { createLlmClient } = await import('../src/main/core/llm/client.ts');
  const { MemorySecretStore } = await import('../src/main/core/secrets/secret-store.ts');
  const secrets = new MemorySecretStore();
  await secrets.set('bench', 'sk-bench-key');
  const client = createLlmClient({ secrets });
  const provider = {
    id: 'bench',
    name: 'Bench',
    kind: 'openai' as const,
    baseUrl: `${url}/v1`,
    models: [],
    auth: { type: 'api-key' as const },
    proxy: { mode: 'none' as const },
    maxRetries: 0,
  };
  return async (model, onText) => {
    const request = { chain: [{ provider, model }], messages: [{ role: 'user' as const, content: 'Go.' }] };
    // As the chat service reads them: a batch per network read, each event on its own.
    for await (const batch of client.streamBatches(request)) {
      for (const event of batch) {
        if (event.type === 'text') onText(event.text);
        else if (event.type === 'error') throw new Error(event.error.message);
      }
    }
  };
}

async function sdkStreamer(url: string): Promise<Streamer> {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey: 'sk-bench-key', baseURL: `${url}/v1`, maxRetries: 0 });
  return async (model, onText) => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Go.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const part of stream) {
      const content = part.choices[0]?.delta?.content;
      if (content) onText(content);
    }
  };
}

async function child(contender: Contender, scenario: Scenario, url: string): Promise<void> {
  const streamer = contender === 'parley' ? await parleyStreamer(url) : await sdkStreamer(url);
  let warm = '';
  await streamer('warm', (text) => (warm += text));
  if (scenario === 'first-token') return firstToken(streamer);
  let text = '';
  let ttft = -1;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await streamer(scenario, (piece) => {
    if (ttft < 0) ttft = performance.now() - start;
    text += piece;
  });
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const sample: Sample = {
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    ttftMs: ttft,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    chars: text.length,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

/** Time from the call to the first text, on a warm connection, over many small answers. */
async function firstToken(streamer: Streamer): Promise<void> {
  const times: number[] = [];
  let chars = 0;
  const cpu = process.cpuUsage();
  const begin = performance.now();
  for (let i = 0; i < FIRST_TOKEN_REQUESTS; i++) {
    let text = '';
    let ttft = -1;
    const start = performance.now();
    await streamer('warm', (piece) => {
      if (ttft < 0) ttft = performance.now() - start;
      text += piece;
    });
    times.push(ttft);
    chars = text.length;
  }
  const used = process.cpuUsage(cpu);
  const sample: Sample = {
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now() - begin,
    ttftMs: median(times),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    chars,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- cold start (whole processes)

const root = fileURLToPath(new URL('../', import.meta.url));
const coldArgs: Record<Contender, (url: string) => string[]> = {
  parley: (url) => [
    'bin/parley.js',
    'ask',
    '--api',
    'openai',
    '--base-url',
    `${url}/v1`,
    '--api-key-env',
    'BENCH_KEY',
    '--model',
    'cold',
    'Go.',
  ],
  sdk: (url) => ['bench/sdk-ask.js', `${url}/v1`, 'cold', 'Go.'],
};

/** Parley's data folder for the cold runs: a history that already exists, as a user's does. */
const coldDataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));

/** One cold process answering the 3-event question; Parley saves it to its history. */
function runCold(contender: Contender, url: string): Promise<Sample> {
  const dataDir = coldDataDir;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    PARLEY_DATA_DIR: dataDir,
    BENCH_KEY: 'sk-bench-key',
  };
  return new Promise<Sample>((resolve, reject) => {
    const start = performance.now();
    const proc = spawn(
      process.execPath,
      ['--import', './bench/report-usage.js', ...coldArgs[contender](url)],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
      },
    );
    let out = '';
    let usage = '';
    proc.stdout!.setEncoding('utf8').on('data', (part: string) => (out += part));
    (proc.stdio[3] as NodeJS.ReadableStream)
      .setEncoding('utf8')
      .on('data', (part: string) => (usage += part));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`${contender} cold run exited with ${code}`));
      const { cpuMs, peakRssMb } = JSON.parse(usage) as { cpuMs: number; peakRssMb: number };
      resolve({ cpuMs, wallMs, ttftMs: 0, peakRssMb, chars: out.replace(/\n$/, '').length });
    });
  });
}

// ---------------------------------------------------------------- the runner (parent process)

function runChild(contender: Contender, scenario: Scenario, url: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', contender, scenario, url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (part: string) => (out += part));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`${contender} ${scenario} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Sample);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pad(text: string, width: number, left = false): string {
  return left ? text.padEnd(width) : text.padStart(width);
}

async function main(): Promise<void> {
  const repsFlag = process.argv.indexOf('--reps');
  const reps = repsFlag > 0 ? Math.max(1, Number(process.argv[repsFlag + 1]) || 5) : 5;
  const onlyFlag = process.argv.indexOf('--only');
  const only = onlyFlag > 0 ? process.argv[onlyFlag + 1] : undefined;
  if (!only || only === 'cold') await ensureBundle();
  const server = await startServer();
  const scenarios: { scenario: Scenario; label: string; rows: (keyof Sample)[] }[] = [
    { scenario: 'cold', label: 'cold 3-event answer', rows: ['wallMs', 'cpuMs', 'peakRssMb'] },
    {
      scenario: 'events',
      label: `${EVENT_COUNT.toLocaleString('en')} events`,
      rows: ['cpuMs', 'wallMs', 'peakRssMb'],
    },
    { scenario: 'big', label: '5 MB single event', rows: ['cpuMs', 'wallMs', 'peakRssMb'] },
    { scenario: 'first-token', label: `first token (x${FIRST_TOKEN_REQUESTS})`, rows: ['ttftMs', 'cpuMs'] },
  ];
  console.log(
    `Parley vs openai SDK: ${reps} runs each, one child process per run, medians (ratio = Parley / SDK)\n` +
      'cold: `parley ask` vs the SDK script, whole new processes; the others: the streaming client in-process\n',
  );
  const header = `${pad('answer', 20, true)}${pad('metric', 14, true)}${pad('Parley', 12)}${pad('openai SDK', 12)}${pad('ratio', 9)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const verdicts: string[] = [];
  try {
    for (const { scenario, label, rows: shown } of scenarios.filter((s) => !only || s.scenario === only)) {
      const samples: Record<Contender, Sample[]> = { parley: [], sdk: [] };
      // One uncounted run each: Parley's history then exists, and both start from a warm file cache.
      if (scenario === 'cold')
        for (const contender of ['parley', 'sdk'] as const) await runCold(contender, server.url);
      for (let rep = 0; rep < reps; rep++) {
        const order: Contender[] = rep % 2 === 0 ? ['parley', 'sdk'] : ['sdk', 'parley'];
        for (const contender of order) {
          const sample =
            scenario === 'cold'
              ? await runCold(contender, server.url)
              : await runChild(contender, scenario, server.url);
          if (sample.chars !== server.expected[scenario])
            throw new Error(
              `${contender} received ${sample.chars} characters, expected ${server.expected[scenario]}`,
            );
          samples[contender].push(sample);
        }
      }
      const rows: { metric: string; key: keyof Sample; unit: string; digits: number }[] = [
        { metric: 'CPU time', key: 'cpuMs', unit: 'ms', digits: 1 },
        { metric: 'wall time', key: 'wallMs', unit: 'ms', digits: 1 },
        { metric: 'first token', key: 'ttftMs', unit: 'ms', digits: 2 },
        { metric: 'peak memory', key: 'peakRssMb', unit: 'MB', digits: 1 },
      ];
      for (const [index, row] of rows.filter((candidate) => shown.includes(candidate.key)).entries()) {
        const parley = median(samples.parley.map((sample) => sample[row.key]));
        const sdk = median(samples.sdk.map((sample) => sample[row.key]));
        console.log(
          `${pad(index === 0 ? label : '', 20, true)}${pad(row.metric, 14, true)}${pad(`${parley.toFixed(row.digits)} ${row.unit}`, 12)}${pad(`${sdk.toFixed(row.digits)} ${row.unit}`, 12)}${pad(`${(parley / sdk).toFixed(2)}x`, 9)}`,
        );
        const ratio = `${(parley / sdk).toFixed(2)}x the SDK's`;
        if (scenario === 'cold' && (row.key === 'wallMs' || row.key === 'peakRssMb'))
          verdicts.push(`${label}: ${row.metric} ${ratio} (target at most 1.00x)`);
        if (row.key === 'cpuMs' && scenario === 'events')
          verdicts.push(`${label}: CPU ${ratio} (target at most 0.50x)`);
        if (row.key === 'cpuMs' && scenario === 'big')
          verdicts.push(`${label}: CPU ${ratio} (target at most 1.00x)`);
        if (row.key === 'ttftMs')
          verdicts.push(
            `first token: ${(parley - sdk >= 0 ? '+' : '') + (parley - sdk).toFixed(2)} ms vs the SDK (target under +1 ms)`,
          );
      }
      console.log('');
    }
  } finally {
    await server.close();
    rmSync(coldDataDir, { recursive: true, force: true });
  }
  for (const verdict of verdicts) console.log(verdict);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as Contender, process.argv[4] as Scenario, process.argv[5]!);
} else {
  await main();
}
