/**
 * `npm run bench:filters`: the secret guard's time on a 100 KB message (ordinary prose and code from
 * this repository, then the same with a dozen secrets in it), median and p95 over many runs, beside
 * the 5 ms target and beside a naive peer: the plain patterns a first version would write (an e-mail
 * regex starting with its local part, connection strings matched from their scheme, an ADO string from
 * its Server=), each run over the whole text with String.prototype.match. Also both on hostile
 * texts (repeated prefixes that make a pattern try again and again), a few runs (the naive peer: one).
 * Options: --runs N (default 300), --json.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findSecrets } from '../src/main/core/filters/secret-guard.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '300' }, json: { type: 'boolean', default: false } },
});
const RUNS = Math.max(10, Number(values.runs));
const TARGET_MS = 5;
const SIZE = 100_000;

const sources = [
  'README.md',
  'docs/ARCHITECTURE.md',
  'src/main/core/chat/chat-service.ts',
  'src/main/core/llm/client.ts',
];
const corpus = sources
  .map((file) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))
  .join('\n\n');
const ordinary = corpus.repeat(Math.ceil(SIZE / corpus.length)).slice(0, SIZE);

const random = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => 'aB3xK9mQ2pZ7tR5wE1yU8cD4'[(i * 7 + seed) % 24]).join('');
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const secrets = [
  `sk-proj-${random(100, 1)}`,
  `sk-ant-api03-${random(93, 2)}AA`,
  `AIza${random(35, 3)}`,
  'AKIA' + 'QWERTYUIOPASDFGH',
  `ghp_${random(36, 4)}`,
  `xoxb-123456789012-1234567890123-${random(24, 5)}`,
  `-----BEGIN PRIVATE KEY-----\n${random(64, 6)}\n${random(64, 7)}\n-----END PRIVATE KEY-----`,
  `${b64url({ alg: 'HS256' })}.${b64url({ sub: '1' })}.${random(43, 8)}`,
  'postgres://app:S3cr3t-Pa55@db.internal:5432/shop',
  'Server=tcp:sql.example.com;Database=app;User ID=sa;Password=Pl41nText!;',
  'ann.lee@example.com',
  '+86 138 0013 8000',
];
function withSecrets(): string {
  const step = Math.floor(SIZE / (secrets.length + 1));
  let text = ordinary;
  secrets.forEach((secret, i) => {
    const at = text.indexOf('\n', step * (i + 1));
    text = `${text.slice(0, at)}\n${secret}\n${text.slice(at)}`;
  });
  return text.slice(0, SIZE + 2_000);
}

/** What a first version would write: each kind's obvious pattern, matched over the whole text. */
const naivePatterns = [
  /sk-[A-Za-z0-9_-]{20,}/g,
  /sk-ant-[A-Za-z0-9_-]{20,}/g,
  /AIza[0-9A-Za-z_-]{35}/g,
  /(AKIA|ASIA)[A-Z0-9]{16}/g,
  /(ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,}/g,
  /xox[abposr]-[0-9]+-[A-Za-z0-9-]+/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /(postgres(ql)?|mysql|mongodb(\+srv)?|rediss?):\/\/[^:\s]+:[^@\s]+@/g,
  /Server=[^;]+;.*Password=[^;]+/gi,
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  /(\+?86[- ]?)?1[3-9][0-9]{9}/g,
  /[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]/g,
  /\b(?:\d[ -]?){13,19}\b/g,
];
function naive(text: string): number {
  let found = 0;
  for (const pattern of naivePatterns) found += text.match(pattern)?.length ?? 0;
  return found;
}

const guard = (personalData: boolean) => (text: string) =>
  findSecrets(text, { personalData, storedKeys: ['my-own-saved-key-0001'] }).size;

function measure(run: (text: string) => unknown, text: string, runs: number, warmUp = 20) {
  for (let i = 0; i < warmUp; i++) run(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

const hostile = {
  'repeated "a@"': 'a@'.repeat(SIZE / 2),
  'repeated "sk-"': 'sk-'.repeat(SIZE / 3),
  'repeated "Server=a;"': 'Server=a;'.repeat(SIZE / 9),
  'repeated "postgres://a:"': 'postgres://a:'.repeat(SIZE / 13),
  'digits and spaces': '4111 1111 1111 1112 '.repeat(SIZE / 20),
};

const rows: { case: string; peer: string; median: number; p95: number }[] = [];
const cases = { 'prose and code, no secrets': ordinary, 'prose and code, 12 secrets': withSecrets() };
for (const [name, text] of Object.entries(cases)) {
  rows.push({ case: name, peer: 'Parley guard', ...measure(guard(false), text, RUNS) });
  rows.push({ case: name, peer: 'Parley guard + personal data', ...measure(guard(true), text, RUNS) });
  rows.push({ case: name, peer: 'naive: each pattern, String.match', ...measure(naive, text, RUNS) });
}
for (const [name, text] of Object.entries(hostile)) {
  rows.push({
    case: `hostile: ${name}`,
    peer: 'Parley guard + personal data',
    ...measure(guard(true), text, 5, 1),
  });
  // Seconds a run for the naive patterns on some of these: one run, no warm-up.
  rows.push({
    case: `hostile: ${name}`,
    peer: 'naive: each pattern, String.match',
    ...measure(naive, text, 1, 0),
  });
}

if (values.json)
  console.log(JSON.stringify({ targetMs: TARGET_MS, runs: RUNS, sizeChars: SIZE, rows }, null, 2));
else {
  const ms = (n: number) => `${n.toFixed(2).padStart(9)} ms`;
  console.log(
    `Secret guard on a ${SIZE / 1000} KB message, ${RUNS} runs (hostile texts: 5 and 1); target: ${TARGET_MS} ms\n`,
  );
  console.log(`${'case'.padEnd(36)}${'who'.padEnd(36)}${'median'.padStart(12)}${'p95'.padStart(12)}  target`);
  for (const row of rows) {
    const verdict = row.peer.startsWith('naive') ? '' : row.median <= TARGET_MS ? 'within' : 'OVER';
    console.log(`${row.case.padEnd(36)}${row.peer.padEnd(36)}${ms(row.median)}${ms(row.p95)}  ${verdict}`);
  }
}
