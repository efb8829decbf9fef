/**
 * `parley batch` against the usual Node way, on the same local server, in one run.
 *
 *   npm run bench:batch [-- --prompts 2000] [--rpm-prompts 650] [--skip-rpm]
 *
 * The server (here, on 127.0.0.1) answers every chat completion after 300 ms with a short streamed
 * answer (OpenAI's SSE shape, with usage), counts the connections it is opened and the requests in
 * flight, and stamps each request's arrival. Run 1: 2,000 prompts at concurrency 50 through the real
 * `parley batch` process (bin/parley.js, the built bundle: made first when missing or stale), then through the openai SDK with Promise.all over a 50-slot
 * limiter (bench/sdk-batch.js). Throughput is counted by the server, from the first request's arrival
 * to the last answer's end, against the ideal 50 / 0.3 s = 166.7 requests a second; wall time (spawn
 * to exit, start-up included) is printed beside it. Peak RSS is each process's own (getrusage maxRSS
 * at exit, bench/report-usage.js). Run 2: `--rpm 600` with 650 prompts, just over a minute: no
 * 60-second window of arrivals may hold more than 600.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from './ensure-bundle.ts';

const LATENCY_MS = 300;
const CONCURRENCY = 50;
const IDEAL_RPS = CONCURRENCY / (LATENCY_MS / 1000);
const RPM = 600;
const root = fileURLToPath(new URL('../', import.meta.url));

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) || fallback : fallback;
}

// ---------------------------------------------------------------- the server

interface Tally {
  connections: number;
  inFlight: number;
  maxInFlight: number;
  arrivals: number[];
  lastEnd: number;
}

function chunk(delta: object, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

const answer = Buffer.from(
  [
    chunk({ role: 'assistant', content: '' }),
    ...['Parley ', 'answers ', 'every ', 'line.'].map((text) => chunk({ content: text })),
    chunk({}, 'stop'),
    `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } })}\n\n`,
    'data: [DONE]\n\n',
  ].join(''),
);

async function startServer(): Promise<{
  url: string;
  tally: () => Tally;
  reset(): void;
  close(): Promise<void>;
}> {
  let tally: Tally = { connections: 0, inFlight: 0, maxInFlight: 0, arrivals: [], lastEnd: 0 };
  const server = createServer(
    { noDelay: true, keepAliveTimeout: 65_000, headersTimeout: 66_000 },
    (req: IncomingMessage, res: ServerResponse) => {
      const now = tally;
      now.arrivals.push(performance.now());
      now.inFlight++;
      now.maxInFlight = Math.max(now.maxInFlight, now.inFlight);
      req.resume();
      req.on('end', () => {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.end(answer, () => {
            now.inFlight--;
            now.lastEnd = performance.now();
          });
        }, LATENCY_MS);
      });
    },
  );
  server.on('connection', () => tally.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    tally: () => tally,
    reset: () => {
      server.closeIdleConnections();
      tally = { connections: 0, inFlight: 0, maxInFlight: 0, arrivals: [], lastEnd: 0 };
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------- the contenders

interface Run {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  lines: number;
  errors: number;
  stderr: string;
}

function runProcess(args: string[], outFile: string, dataDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', './bench/report-usage.js', ...args], {
      cwd: root,
      env: {
        NODE_OPTIONS: process.env.XOPT ?? '',
        PATH: process.env.PATH ?? '',
        HOME: dataDir,
        PARLEY_DATA_DIR: dataDir,
        BENCH_KEY: 'sk-bench',
      },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let usage = '';
    child.stderr!.setEncoding('utf8').on('data', (part: string) => (stderr += part));
    (child.stdio[3] as NodeJS.ReadableStream)
      .setEncoding('utf8')
      .on('data', (part: string) => (usage += part));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args[0]} exited with ${code}:\n${stderr}`));
      const out = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
      const errors = out.filter((line) => (JSON.parse(line) as { error: unknown }).error !== null).length;
      const { cpuMs, peakRssMb } = JSON.parse(usage) as { cpuMs: number; peakRssMb: number };
      resolve({ wallMs, cpuMs, peakRssMb, lines: out.length, errors, stderr });
    });
  });
}

function parleyArgs(url: string, input: string, out: string, extra: string[] = []): string[] {
  return [
    'bin/parley.js',
    'batch',
    input,
    '--out',
    out,
    '--concurrency',
    String(CONCURRENCY),
    '--base-url',
    url,
    '--api-key-env',
    'BENCH_KEY',
    '--model',
    'bench',
    ...extra,
  ];
}

/** The most arrivals any 60-second window holds (a window [t, t + 60 s) starting at each arrival). */
function busiestMinute(arrivals: number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + 60_000) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function main(): Promise<void> {
  const prompts = flag('prompts', 2000);
  const rpmPrompts = flag('rpm-prompts', 650);
  await ensureBundle();
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-batch-'));
  const server = await startServer();
  const input = join(dir, 'in.jsonl');
  const lines = (count: number) =>
    Array.from({ length: count }, (_, i) => JSON.stringify({ id: `q${i}`, prompt: `Question ${i}?` })).join(
      '\n',
    ) + '\n';
  writeFileSync(input, lines(prompts));
  const checks: { name: string; ok: boolean }[] = [];
  try {
    console.log(
      `${prompts} prompts, concurrency ${CONCURRENCY}, server latency ${LATENCY_MS} ms (ideal ${IDEAL_RPS.toFixed(1)} req/s)\n`,
    );
    const rows: string[][] = [
      ['', 'wall', 'throughput', 'of ideal', 'peak RSS', 'CPU', 'connections', 'max in flight'],
    ];
    const results: Record<string, { run: Run; rps: number; connections: number }> = {};
    for (const [name, args] of [
      ['parley batch', parleyArgs(server.url, input, join(dir, 'parley.jsonl'))],
      [
        'openai SDK',
        ['bench/sdk-batch.js', server.url, 'bench', input, join(dir, 'sdk.jsonl'), String(CONCURRENCY)],
      ],
    ] as const) {
      server.reset();
      const out = name === 'parley batch' ? join(dir, 'parley.jsonl') : join(dir, 'sdk.jsonl');
      const run = await runProcess([...args], out, dir);
      const tally = server.tally();
      const rps = (tally.arrivals.length * 1000) / (tally.lastEnd - Math.min(...tally.arrivals));
      if (run.lines !== prompts || run.errors)
        throw new Error(`${name}: ${run.lines} lines, ${run.errors} errors`);
      results[name] = { run, rps, connections: tally.connections };
      rows.push([
        name,
        `${(run.wallMs / 1000).toFixed(2)} s`,
        `${rps.toFixed(1)} req/s`,
        `${((rps / IDEAL_RPS) * 100).toFixed(1)} %`,
        `${run.peakRssMb.toFixed(1)} MB`,
        `${(run.cpuMs / 1000).toFixed(2)} s`,
        String(tally.connections),
        String(tally.maxInFlight),
      ]);
    }
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)) + 2);
    for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join(''));
    const parley = results['parley batch']!;
    checks.push(
      {
        name: `Parley throughput ≥ 95 % of ideal (${((parley.rps / IDEAL_RPS) * 100).toFixed(1)} %)`,
        ok: parley.rps >= 0.95 * IDEAL_RPS,
      },
      {
        name: `Parley peak RSS ≤ 150 MB (${parley.run.peakRssMb.toFixed(1)} MB)`,
        ok: parley.run.peakRssMb <= 150,
      },
      {
        name: `Parley connections ≤ concurrency (${parley.connections})`,
        ok: parley.connections <= CONCURRENCY,
      },
    );

    if (!process.argv.includes('--skip-rpm')) {
      writeFileSync(input, lines(rpmPrompts));
      server.reset();
      console.log(`\n--rpm ${RPM}: ${rpmPrompts} prompts through parley batch (just over a minute)…`);
      const out = join(dir, 'parley-rpm.jsonl');
      const run = await runProcess(parleyArgs(server.url, input, out, ['--rpm', String(RPM)]), out, dir);
      const busiest = busiestMinute(server.tally().arrivals);
      console.log(
        `  ${run.lines} answered in ${(run.wallMs / 1000).toFixed(1)} s; the busiest 60-second window held ${busiest} requests`,
      );
      checks.push({
        name: `--rpm ${RPM}: no 60-second window over ${RPM} (busiest ${busiest})`,
        ok: busiest <= RPM && run.lines === rpmPrompts,
      });
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  for (const check of checks) console.log(`${verdict(check.ok)}  ${check.name}`);
  if (checks.some((check) => !check.ok)) process.exitCode = 1;
}

await main();
