import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssistantStore } from '../../../src/main/core/assistants/assistant-store.ts';
import { builtInAssistants } from '../../../src/main/core/assistants/built-in-assistants.ts';
import { exportAssistants, importAssistants } from '../../../src/main/core/assistants/assistant-transfer.ts';
import { ParleyError } from '../../../src/shared/errors.ts';

let dataDir: string;
let store: AssistantStore;

const STORE = fileURLToPath(new URL('../../../src/main/core/assistants/assistant-store.ts', import.meta.url));
const CHILD = `
  const { AssistantStore } = await import(process.argv[1]);
  const store = new AssistantStore({ dataDir: process.argv[2] });
  const out = { builtInOnly: store.list().every((a) => a.builtIn), notices: store.notices.length };
  try { store.save({ name: 'Lost?' }); } catch (error) { out.error = error.message; }
  console.log(JSON.stringify(out));`;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-assistants-'));
  chmodSync(dataDir, 0o755);
  store = new AssistantStore({ dataDir, now: () => 1_700_000_000_000 });
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the assistant library', () => {
  it('ships built-ins named in English and Chinese, each with a real prompt, translator and reviewer included', () => {
    const list = store.list();
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list.map((a) => a.id)).toEqual(
      expect.arrayContaining(['translator-zh-en', 'code-reviewer', 'writing-editor', 'summariser']),
    );
    for (const a of list) {
      expect(a).toMatchObject({ builtIn: true, hidden: false });
      expect(a.nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(a.descriptionZh).toMatch(/[\u4e00-\u9fff]/);
      expect(a.systemPrompt.length).toBeGreaterThan(200);
    }
  });

  it('creates, finds by name or id in any case, edits and deletes a person’s assistant, across instances', () => {
    const made = store.save({
      name: 'Terse',
      systemPrompt: 'Answer in one word.',
      parameters: { temperature: 0.2 },
    });
    expect(made).toMatchObject({
      builtIn: false,
      hidden: false,
      emoji: '🤖',
      model: null,
      historyLimit: null,
    });
    const again = new AssistantStore({ dataDir });
    expect(again.find('terse')?.id).toBe(made.id);
    expect(again.find(made.id)?.systemPrompt).toBe('Answer in one word.');
    expect(again.find('中英互译')?.id).toBe('translator-zh-en');
    expect(again.find('nobody')).toBeNull();

    again.save({ ...pickInput(made), systemPrompt: 'Answer in two words.' });
    expect(store.get(made.id).systemPrompt).toBe('Answer in two words.');
    expect(store.list().filter((a) => a.name === 'Terse')).toHaveLength(1);

    expect(() => store.save({ name: ' terse ', systemPrompt: 'x' })).toThrow(
      /already an assistant named "Terse"/,
    );
    expect(store.remove(made.id)).toBe(true);
    expect(store.remove(made.id)).toBe(false);
    expect(store.find('Terse')).toBeNull();
  });

  it('keeps an edit of a built-in (its Chinese name too while the name is unchanged); hides it; never deletes it', () => {
    const shipped = store.get('code-reviewer');
    const edited = store.save({ ...pickInput(shipped), systemPrompt: 'Review briefly.' });
    expect(edited).toMatchObject({ builtIn: true, systemPrompt: 'Review briefly.', nameZh: shipped.nameZh });
    const renamed = store.save({
      ...pickInput(shipped),
      name: 'My reviewer',
      systemPrompt: 'Review briefly.',
    });
    expect(renamed.nameZh).toBeUndefined();

    expect(store.setHidden('code-reviewer', true).hidden).toBe(true);
    expect(new AssistantStore({ dataDir }).get('code-reviewer')).toMatchObject({
      hidden: true,
      systemPrompt: 'Review briefly.',
    });
    expect(store.setHidden('summariser', true).systemPrompt).toBe(
      builtInAssistants.find((b) => b.id === 'summariser')!.systemPrompt,
    );
    expect(() => store.remove('code-reviewer')).toThrow(/cannot be deleted; hide it instead/);
    expect(store.list().map((a) => a.id)).toContain('code-reviewer');
  });

  it('refuses an invalid assistant in plain words and saves nothing', () => {
    expect(() => store.save({ name: '   ' })).toThrow(ParleyError);
    expect(() => store.save({ name: 'Hot', parameters: { temperature: 5 } })).toThrow(
      /parameters\.temperature/,
    );
    expect(store.list().every((a) => a.builtIn)).toBe(true);
  });

  it('sets a file it cannot read aside, says so in both languages, and starts again from the built-ins', () => {
    store.save({ name: 'Mine', systemPrompt: 'Be kind.' });
    const file = join(dataDir, 'assistants.json');
    writeFileSync(file, '{"version":1,"custom":[{"id":"x"', 'utf8');
    const fresh = new AssistantStore({ dataDir });
    expect(fresh.list().every((a) => a.builtIn)).toBe(true);
    expect(fresh.notices).toHaveLength(1);
    expect(fresh.notices[0]!.message).toMatch(/could not be read/);
    expect(fresh.notices[0]!.messageZh).toMatch(/无法读取/);
    const kept = readdirSync(dataDir).filter((f) => f.startsWith('assistants.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dataDir, kept[0]!), 'utf8')).toBe('{"version":1,"custom":[{"id":"x"');
    // Saving again works, and writes a good file.
    fresh.save({ name: 'Mine again' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('keeps the valid assistants of a file with some invalid ones, and a copy of the file as it was', () => {
    const good = store.save({ name: 'Good' });
    const file = join(dataDir, 'assistants.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { custom: unknown[] };
    data.custom.push({ id: 'BAD ID', name: 'Bad' });
    writeFileSync(file, JSON.stringify(data));
    const fresh = new AssistantStore({ dataDir });
    expect(
      fresh
        .list()
        .filter((a) => !a.builtIn)
        .map((a) => a.id),
    ).toEqual([good.id]);
    expect(fresh.notices[0]!.messageZh).toMatch(/1 个助手无效/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('assistants.invalid-'))).toBe(true);
  });

  it('leaves out a twin id or one that would shadow a built-in, keeping the first', () => {
    const file = join(dataDir, 'assistants.json');
    const entry = (id: string, name: string) => ({ id, name, hidden: false, createdAt: 1, updatedAt: 1 });
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        custom: [entry('mine', 'First'), entry('mine', 'Twin'), entry('summariser', 'Shadow')],
      }),
    );
    const fresh = new AssistantStore({ dataDir });
    expect(
      fresh
        .list()
        .filter((a) => !a.builtIn)
        .map((a) => a.name),
    ).toEqual(['First']);
    expect(fresh.get('summariser').name).toBe('Summariser');
    expect(fresh.notices[0]!.message).toMatch(/^2 assistants were not valid/);
  });

  it('never writes over a file it could neither read nor set aside (a folder it may not write)', () => {
    const file = join(dataDir, 'assistants.json');
    writeFileSync(file, 'not json');
    chmodSync(file, 0o444);
    chmodSync(dataDir, 0o555);
    try {
      // Root may rename anywhere, so the store runs as `nobody` in a child, as the read-only fault test does.
      const asRoot = process.getuid?.() === 0;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, STORE, dataDir], {
        encoding: 'utf8',
        timeout: 20_000,
        ...(asRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: tmpdir() } } : {}),
      });
      expect(JSON.parse(run.stdout.trim())).toEqual({
        builtInOnly: true,
        notices: 1,
        error: expect.stringMatching(/could not be read or set aside, so nothing is saved over it/),
      });
    } finally {
      chmodSync(dataDir, 0o755);
    }
    expect(readdirSync(dataDir)).toEqual(['assistants.json']);
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});

describe('import and export', () => {
  it('round-trips: an id already here is updated, not duplicated; hidden travels; untouched built-ins stay out', () => {
    const mine = store.save({ name: 'Poet', emoji: '🎭', systemPrompt: 'Rhyme.', historyLimit: 6 });
    store.setHidden(mine.id, true);
    const exported = exportAssistants(store);
    expect(exported.mimeType).toBe('application/json');
    expect(exported.fileName).toMatch(/^parley-assistants-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(exported.content) as { assistants: { id: string }[] };
    expect(file.assistants.map((a) => a.id)).toEqual([mine.id]);

    store.save({ ...pickInput(store.get(mine.id)), systemPrompt: 'Changed since.' });
    expect(importAssistants(store, exported.content)).toEqual({ added: 0, updated: 1, skipped: 0 });
    expect(store.get(mine.id)).toMatchObject({ systemPrompt: 'Rhyme.', hidden: true, historyLimit: 6 });
    expect(store.list().filter((a) => a.name === 'Poet')).toHaveLength(1);

    const other = new AssistantStore({ dataDir: mkdtempSync(join(tmpdir(), 'parley-assistants-b-')) });
    expect(importAssistants(other, exported.content)).toEqual({ added: 1, updated: 0, skipped: 0 });
    expect(other.get(mine.id).name).toBe('Poet');
    rmSync(join(other.file, '..'), { recursive: true, force: true });
  });

  it('refuses a file that is not an assistants file, in plain words, changing nothing', () => {
    const mine = store.save({ name: 'Keep me' });
    const before = readFileSync(store.file, 'utf8');
    for (const content of [
      'not json',
      '42',
      '{"assistants": 5}',
      '{"format":"other","assistants":[]}',
      'null',
    ]) {
      expect(() => importAssistants(store, content)).toThrow(
        /was not imported because .*nothing was changed/,
      );
    }
    const tooMany = JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ name: `A${i}` })));
    expect(() => importAssistants(store, tooMany)).toThrow(/more than 1000/);
    expect(readFileSync(store.file, 'utf8')).toBe(before);
    expect(store.get(mine.id).name).toBe('Keep me');
  });

  it('skips hostile entries and imports the rest; a new name clash gets a distinct name', () => {
    store.save({ name: 'Twin' });
    const content = `[
      {"name": "Fine", "systemPrompt": "ok", "__proto__": {"polluted": true}, "builtIn": true, "extra": 1},
      {"name": "Twin"},
      {"name": "Bad temperature", "parameters": {"temperature": "hot"}},
      {"name": "Bad id", "id": "../../etc/passwd"},
      {"name": "${'x'.repeat(500)}"},
      {"name": "Huge", "systemPrompt": "${'y'.repeat(100_001)}"},
      "just a string", null, 7, []
    ]`;
    expect(importAssistants(store, content)).toEqual({ added: 2, updated: 0, skipped: 8 });
    const names = store.list().map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Fine', 'Twin', 'Twin (2)']));
    expect(store.find('Fine')).toMatchObject({ builtIn: false, systemPrompt: 'ok' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('edits a built-in when the file names its id', () => {
    const content = JSON.stringify([
      { id: 'summariser', name: 'Summariser', systemPrompt: 'Three bullets.' },
    ]);
    expect(importAssistants(store, content)).toEqual({ added: 0, updated: 1, skipped: 0 });
    expect(store.get('summariser')).toMatchObject({
      builtIn: true,
      systemPrompt: 'Three bullets.',
      nameZh: '内容摘要',
    });
  });
});

function pickInput(a: ReturnType<AssistantStore['get']>) {
  return {
    id: a.id,
    name: a.name,
    emoji: a.emoji,
    description: a.description,
    systemPrompt: a.systemPrompt,
    model: a.model,
    parameters: a.parameters,
    historyLimit: a.historyLimit,
  };
}
