import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { HubProcess, buildHub } from '../support/hub-process';
import { createSpecDatabase } from '../support/test-database';

/**
 * The README, run as a newcomer runs it: its shell (```sh) and GraphQL (```graphql) examples, in order, in one bash
 * session from the clone's root, against a hub of their own (dist/src/app/main.js, as `npm start` runs it, on a throwaway
 * database). Any example that fails fails the test: a command's non-zero exit, an HTTP error, a GraphQL `errors`
 * entry, or an answer with nothing in it (null, an empty list or page, a publish that stored nothing).
 *
 * The README stays written for a human; an HTML comment on the line above a block (invisible on GitHub) says what
 * the test needs to know: `<!-- skip: why -->` for a block that is not run, `<!-- run as: $KEY -->` for the key
 * (a shell variable an earlier block set) a GraphQL block is sent with.
 *
 * The session differs from a newcomer's terminal only in where things go: DATABASE_URL points the CLI at the hub's
 * database, and curl (through a .curlrc of the test's own) reaches the hub at the address the README gives
 * (127.0.0.1:4000, whatever port the hub really has), fails on an HTTP error status and ends each answer with a line
 * break, so that each answer is a line to check.
 */
const README = path.join(PROJECT_ROOT, 'README.md');
const README_HUB = '127.0.0.1:4000';
/** At least this many blocks must run, so that a README whose blocks the parser stops finding cannot pass. */
const MIN_EXECUTED = 12;
const MAX_SKIPPED = 4;
/** JSON answers the shell blocks print: the first mutation, the first query, Housing's read, the NDJSON load. */
const MIN_SHELL_ANSWERS = 4;
/**
 * The whole README takes well under a minute on two cores: 7 CLI calls (about a second each once built; the first
 * may build) and a few seconds of requests. A hung example is stopped here.
 */
const RUN_WITHIN_MS = 180_000;

interface Block {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  language: 'sh' | 'graphql';
  code: string;
  skip?: string;
  runAs?: string;
}

/** The ```sh and ```graphql blocks of a markdown text, in order, with the HTML comment on the line above each. */
function readmeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that is never closed`);
    const language = fence[1];
    if (['bash', 'shell', 'console', 'zsh'].includes(language)) {
      throw new Error(`README.md:${i + 1}: write shell examples as \`\`\`sh (the test runs those): \`\`\`${language}`);
    }
    if (language === 'sh' || language === 'graphql') {
      const annotation = /^<!--\s*(skip|run as):\s*(.*?)\s*-->$/.exec(lines[i - 1] ?? '');
      blocks.push({
        line: i + 1,
        language,
        code: lines.slice(i + 1, end).join('\n'),
        skip: annotation?.[1] === 'skip' ? annotation[2] : undefined,
        runAs: annotation?.[1] === 'run as' ? annotation[2] : undefined,
      });
    }
    i = end;
  }
  return blocks;
}

/** Why an answer shows nothing real, or null when it holds something. */
function emptiness(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return value.length ? null : 'an empty list';
  if (typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.edges) && o.edges.length === 0) return 'an empty page';
  if (typeof o.accepted === 'number' && o.accepted === 0) return 'a publish that accepted nothing';
  return Object.keys(o).length ? null : 'an empty object';
}

/** The problems with one block's output: each line that is a JSON answer must hold no error and something real. */
function answerProblems(output: string): { answers: number; problems: string[] } {
  let answers = 0;
  const problems: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    answers++;
    const isGraphQL = Object.keys(answer).every((k) => ['data', 'errors', 'extensions'].includes(k));
    if (!isGraphQL) {
      const empty = emptiness(answer);
      if (empty) problems.push(`the answer is ${empty}: ${line}`);
      continue;
    }
    if (answer.errors) problems.push(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
    for (const [field, value] of Object.entries((answer.data ?? {}) as Record<string, unknown>)) {
      const empty = emptiness(value);
      if (empty) problems.push(`${field} is ${empty}: ${line}`);
    }
  }
  return { answers, problems };
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const marker = (index: number) => `@@readme-block ${index}@@`;

/** One bash script of the blocks to run, each announced by its marker in the output. */
async function sessionScript(blocks: Block[], dir: string): Promise<string> {
  const parts = ['exec 2>&1', 'set -euo pipefail', `cd ${quote(PROJECT_ROOT)}`];
  for (const [index, block] of blocks.entries()) {
    parts.push(`printf '\\n%s\\n' ${quote(marker(index))}`);
    if (block.language === 'sh') {
      parts.push(block.code);
      continue;
    }
    // A GraphQL block is sent as the README says to send one: a POST of {"query": …} with the key it names.
    const body = path.join(dir, `block-${index}.json`);
    await writeFile(body, JSON.stringify({ query: block.code }));
    parts.push(
      `curl -s http://${README_HUB}/graphql -H "Authorization: Bearer ${block.runAs}" -H 'content-type: application/json' --data @${quote(body)}`,
    );
  }
  parts.push(`printf '\\n%s\\n' ${quote(marker(blocks.length))}`);
  return `${parts.join('\n')}\n`;
}

interface SessionResult {
  /** Null when the session was stopped for taking too long. */
  exitCode: number | null;
  /** Output of each block, by its index among the blocks run. */
  outputs: string[];
}

async function runSession(script: string, env: NodeJS.ProcessEnv, blockCount: number): Promise<SessionResult> {
  const child = spawn('bash', ['-c', script], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // The whole process group: the session's npm, node and curl children too.
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }, RUN_WITHIN_MS);
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  clearTimeout(timer);
  const outputs: string[] = [];
  for (let index = 0; index < blockCount; index++) {
    const start = output.indexOf(`${marker(index)}\n`);
    if (start < 0) break;
    const end = output.indexOf(marker(index + 1));
    outputs.push(output.slice(start + marker(index).length + 1, end < 0 ? undefined : end));
  }
  return { exitCode, outputs };
}

describe('README.md: every shell and GraphQL example runs, in order, against a hub on a throwaway database', () => {
  const blocks = readmeBlocks(readFileSync(README, 'utf8'));
  const toRun = blocks.filter((b) => b.skip === undefined);
  let hub: HubProcess;
  let spec: { url: string; drop: () => Promise<void> };
  let dir: string;

  beforeAll(async () => {
    await buildHub();
    spec = await createSpecDatabase();
    hub = await HubProcess.start({ DATABASE_URL: spec.url });
    dir = await mkdtemp(path.join(os.tmpdir(), 'lantian-readme-'));
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await spec?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the README says why each block it does not run is skipped, and the rest is most of it', () => {
    for (const block of blocks) {
      if (block.skip !== undefined) expect({ line: block.line, reason: block.skip.length > 10 }).toEqual({ line: block.line, reason: true });
      if (block.language === 'graphql' && block.skip === undefined) {
        // Which key sends a GraphQL block decides what it may read: the README names it.
        expect({ line: block.line, runAs: block.runAs }).toEqual({ line: block.line, runAs: expect.stringMatching(/^\$[A-Z_]+$/) });
      }
    }
    expect(blocks.length - toRun.length).toBeLessThanOrEqual(MAX_SKIPPED);
    expect(toRun.length).toBeGreaterThanOrEqual(MIN_EXECUTED);
  });

  test('each example succeeds and answers with real figures', async () => {
    const port = new URL(hub.url).port;
    const curlrc = [
      `connect-to = ${README_HUB}:127.0.0.1:${port}`,
      `connect-to = localhost:4000:127.0.0.1:${port}`,
      'fail-with-body',
      'show-error',
      'write-out = "\\n"',
    ];
    await writeFile(path.join(dir, '.curlrc'), `${curlrc.join('\n')}\n`);
    const examplesBefore = await readdir(path.join(PROJECT_ROOT, 'examples'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: spec.url, CURL_HOME: dir };
    delete env.LANTIAN_KEY;

    const { exitCode, outputs } = await runSession(await sessionScript(toRun, dir), env, toRun.length);

    let answers = 0;
    for (const [index, block] of toRun.entries()) {
      const output = outputs[index];
      const where = `README.md:${block.line} (\`\`\`${block.language})\n${block.code}\n--- its output:\n${output ?? '(never ran)'}`;
      if (output === undefined) throw new Error(`the session stopped before ${where}`);
      const ranToTheEnd = index + 1 < outputs.length || exitCode === 0;
      if (!ranToTheEnd) throw new Error(`${exitCode === null ? `stopped after ${RUN_WITHIN_MS} ms` : `exit code ${exitCode}`} in ${where}`);
      const checked = answerProblems(output);
      if (checked.problems.length) throw new Error(`${checked.problems.join('\n')}\nin ${where}`);
      if (block.language === 'graphql') expect({ line: block.line, answers: checked.answers }).toEqual({ line: block.line, answers: 1 });
      answers += checked.answers;
    }
    expect(exitCode).toBe(0);
    expect(outputs).toHaveLength(toRun.length);
    expect(answers).toBeGreaterThanOrEqual(toRun.filter((b) => b.language === 'graphql').length + MIN_SHELL_ANSWERS);
    // The examples read the files they are given and write none into the clone.
    expect(await readdir(path.join(PROJECT_ROOT, 'examples'))).toEqual(examplesBefore);
  }, RUN_WITHIN_MS + 30_000);
});

describe('the README runner itself', () => {
  test('reads sh and GraphQL blocks with the comment above them; refuses a shell block under a name it does not run', () => {
    const markdown = ['# T', '<!-- skip: needs a terminal of its own -->', '```sh', 'npm start', '```', 'text', '<!-- run as: $CC -->',
      '```graphql', '{ a }', '```', '```ts', 'ignored()', '```', '```sh', 'echo 1', 'echo 2', '```'].join('\n');
    expect(readmeBlocks(markdown)).toEqual([
      { line: 3, language: 'sh', code: 'npm start', skip: 'needs a terminal of its own', runAs: undefined },
      { line: 8, language: 'graphql', code: '{ a }', skip: undefined, runAs: '$CC' },
      { line: 14, language: 'sh', code: 'echo 1\necho 2', skip: undefined, runAs: undefined },
    ]);
    expect(() => readmeBlocks('```bash\nls\n```')).toThrow(/README.md:1: write shell examples as ```sh/);
  });

  test('an answer with a GraphQL error or nothing in it is a problem; rejected rows in a report are not', () => {
    const report = { accepted: 1, rejected: 1, errors: [{ index: 1, code: 'OUT_OF_RANGE' }] };
    expect(answerProblems(['npm notice', JSON.stringify({ data: { ingestAirQuality: report } }), JSON.stringify(report)].join('\n'))).toEqual({
      answers: 2,
      problems: [],
    });
    const answers = [
      { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }], data: null },
      { data: { cityDailyAqi: [] } },
      { data: { airQualityObservations: { totalCount: 0, edges: [] } } },
      { data: { region: null } },
      { accepted: 0, rejected: 3 },
    ];
    expect(answerProblems(answers.map((a) => JSON.stringify(a)).join('\n')).problems.map((p) => p.replace(/: [{[].*/, ''))).toEqual([
      'GraphQL errors',
      'cityDailyAqi is an empty list',
      'airQualityObservations is an empty page',
      'region is null',
      'the answer is a publish that accepted nothing',
    ]);
  });

  test('a session stops at the first command that fails, and the output says which block it was', async () => {
    const blocks: Block[] = ['echo one', 'false\necho never', 'echo three'].map((code, i) => ({ line: i, language: 'sh', code }));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lantian-readme-'));
    try {
      const { exitCode, outputs } = await runSession(await sessionScript(blocks, dir), process.env, blocks.length);
      expect({ exitCode, outputs: outputs.map((o) => o.trim()) }).toEqual({ exitCode: 1, outputs: ['one', ''] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
