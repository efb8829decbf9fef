/** Deterministic Markdown for the benchmark: prose, lists, tables, code blocks and a little math. */
const WORDS =
  'stream render token block parse memo frame layout paint commit virtual message model answer table code chart latency budget cache window branch history search'.split(
    ' ',
  );

/** A small seeded generator (LCG): the same text on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 12);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = WORDS[Math.floor(r() * WORDS.length)]!;
    const k = r();
    if (k < 0.05) w = `**${w}**`;
    else if (k < 0.08) w = `\`${w}()\``;
    else if (k < 0.1) w = `*${w}*`;
    words.push(w);
  }
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

function paragraph(r: () => number): string {
  const n = 2 + Math.floor(r() * 4);
  return Array.from({ length: n }, () => sentence(r)).join(' ');
}

function code(r: () => number): string {
  const ts = r() < 0.5;
  const lines: string[] = [];
  const n = 12 + Math.floor(r() * 24);
  for (let i = 0; i < n; i++) {
    const name = WORDS[Math.floor(r() * WORDS.length)]!;
    if (ts) {
      lines.push(
        i % 6 === 0
          ? `export function ${name}${i}(input: string, limit = ${i * 3}): number {`
          : i % 6 === 5
            ? '}'
            : `  const ${name} = input.length * ${i} + "${name}".length; // ${name} step ${i}`,
      );
    } else {
      lines.push(
        i % 5 === 0
          ? `def ${name}_${i}(value, limit=${i}):`
          : `    ${name} = [x * ${i} for x in range(limit)]  # ${name}`,
      );
    }
  }
  return `\`\`\`${ts ? 'ts' : 'python'}\n${lines.join('\n')}\n\`\`\``;
}

function table(r: () => number): string {
  const rows = 4 + Math.floor(r() * 6);
  const out = ['| Step | Cost (ms) | Notes |', '| --- | ---: | --- |'];
  for (let i = 0; i < rows; i++) {
    out.push(`| ${WORDS[Math.floor(r() * WORDS.length)]} ${i} | ${(r() * 20).toFixed(2)} | ${sentence(r)} |`);
  }
  return out.join('\n');
}

/** About `chars` characters of Markdown with every kind of block the renderer handles. */
export function longAnswer(chars: number, seed = 7): string {
  const r = rng(seed);
  const parts: string[] = [];
  let length = 0;
  let section = 1;
  while (length < chars) {
    const pick = r();
    let block: string;
    if (pick < 0.1) block = `## Section ${section++}: ${sentence(r).slice(0, 40)}`;
    else if (pick < 0.45) block = paragraph(r);
    else if (pick < 0.6)
      block = Array.from({ length: 3 + Math.floor(r() * 4) }, () => `- ${sentence(r)}`).join('\n');
    else if (pick < 0.75) block = code(r);
    else if (pick < 0.88) block = table(r);
    else if (pick < 0.94) block = `> ${paragraph(r)}`;
    else block = `The bound is $O(n \\log n)$ and the sum is $$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$`;
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join('\n\n').slice(0, chars);
}

/** A shorter answer for conversation history. */
export function shortAnswer(seed: number): string {
  const r = rng(seed);
  const blocks = [paragraph(r)];
  if (r() < 0.4) blocks.push(code(r));
  if (r() < 0.2) blocks.push(table(r));
  blocks.push(paragraph(r));
  return blocks.join('\n\n');
}
