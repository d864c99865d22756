import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { parseBoard } from '../../src/board/board-parser.js';
import { createSimulationContainer } from '../../src/runtime/simulation-container.js';
import { ArchCatalog, MachineBuilder } from '../../src/runtime/service-ids.js';
import { packageRoot } from '../../src/util/package-root.js';
import { scratchDir } from './harness.js';

/**
 * Generated malformed boards: the shipped boards with every field removed or replaced by hostile
 * values, wrong types for whole sections, cut texts, and the attacks of the issue. Each is checked
 * as `chimera validate` checks it (parse, then the arches, plugins, options, memory map and
 * wiring); "handled cleanly" means no exception, a message whose every line names the board
 * file, and little time.
 */
const SEEDS = ['virt-aarch64', 'leon3', 'chimera-soc'];
/** Each field gets every VALUE_STRIDE-th hostile value (rotating), so every value meets every kind of field. */
const VALUE_STRIDE = 8;
const queue: [string, string][] = [];
const HOSTILE: unknown[] = [null, -1, 0, 1.5, 1e308, 2 ** 53, '', 'x'.repeat(5000), [], {}, true, '0xFFFFFFFFFFFFFFFF', '${nope}', '../../evil.js', 'a/../../b', '4GiB', '\u0000'];

type Tree = Record<string, unknown> | unknown[];

/** Every path to a value in a tree, parents before children. */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (!node || typeof node !== 'object') return [prefix];
  const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  return [prefix, ...keys.flatMap((k) => paths((node as Record<string, unknown>)[k], [...prefix, k]))];
}

function withValue(tree: Tree, path: (string | number)[], value: unknown, remove = false): Tree {
  const copy = structuredClone(tree) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

interface Tally {
  tried: number;
  clean: number;
  refused: number;
  failures: string[];
}

describe('hardening: generated malformed boards', function () {
  this.timeout(600000);
  const dir = scratchDir('board-fuzz');
  const container = createSimulationContainer({ logWrite: () => {} });
  const knownArches = container.get<ArchCatalog>(ArchCatalog).ids();
  const builder = container.get<MachineBuilder>(MachineBuilder);
  const tally: Tally = { tried: 0, clean: 0, refused: 0, failures: [] };

  /** Validate one board text the way `chimera validate` does; record whether it was handled cleanly. */
  async function validate(label: string, text: string, ext = '.yaml'): Promise<void> {
    const file = join(dir, `case-${tally.tried}${ext}`);
    writeFileSync(file, text);
    tally.tried++;
    const t0 = Date.now();
    try {
      const parsed = parseBoard(text, file, { knownArches });
      let message: string | undefined;
      if (parsed._tag === 'Left') {
        const more = parsed.left.partial ? await builder.checkEntries(parsed.left.partial) : [];
        message = parsed.left.message + more.map((m) => `\n${file}: ${m}`).join('');
      } else {
        const built = await builder.build(parsed.right);
        if (built._tag === 'Left') message = built.left.message;
      }
      const ms = Date.now() - t0;
      if (ms > 5000) throw new Error(`took ${ms} ms`);
      if (message !== undefined) {
        const stray = message.split('\n').filter((l) => !l.startsWith(`${file}: `));
        if (stray.length) throw new Error(`a line names no board: ${stray[0].slice(0, 200)}`);
        if (/\n\s+at /.test(message)) throw new Error('stack trace in the message');
        tally.refused++;
      }
      tally.clean++;
    } catch (e) {
      tally.failures.push(`${label}: ${(e as Error).message.slice(0, 300)}`);
    }
  }

  for (const seed of SEEDS) {
    // Small memories: the mutations are about the board text, and a valid mutant is built in full.
    const text = readFileSync(join(packageRoot(), 'boards', `${seed}.yaml`), 'utf8').replace(/size: (64|128)MiB/g, 'size: 1MiB');
    const tree = parseYaml(text) as Tree;

    it(`${seed}: every field removed, and replaced by hostile values (one in every ${VALUE_STRIDE} per field, rotating)`, async () => {
      paths(tree)
        .filter((p) => p.length > 0)
        .forEach((path, k) => {
          queue.push([`${seed} without ${path.join('.')}`, stringify(withValue(tree, path, undefined, true))]);
          HOSTILE.forEach((v, j) => {
            if ((k + j) % VALUE_STRIDE === 0) queue.push([`${seed} ${path.join('.')} = ${JSON.stringify(v)?.slice(0, 40)}`, stringify(withValue(tree, path, v))]);
          });
        });
      for (const [label, t] of queue.splice(0)) await validate(label, t);
      expect(tally.failures).to.deep.equal([]);
    });

    it(`${seed}: cut at every 17th character, and as JSON with a stray comma in every array and object`, async () => {
      for (let n = 0; n < text.length; n += 17) await validate(`${seed} cut at ${n}`, text.slice(0, n));
      const json = JSON.stringify(tree, null, 1);
      for (let at = json.indexOf('\n}'); at >= 0; at = json.indexOf('\n', at + 1)) {
        if (json[at + 1] !== '}' && json[at + 1] !== ']') continue;
        await validate(`${seed} JSON comma at ${at}`, `${json.slice(0, at)},${json.slice(at)}`, '.json');
      }
      expect(tally.failures).to.deep.equal([]);
    });
  }

  it('attacks: alias bombs, deep nesting, count bombs, wiring loops and repeats, traversal names, odd bytes', async () => {
    const base = readFileSync(join(packageRoot(), 'boards', 'virt-aarch64.yaml'), 'utf8');
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)];
    const cases: [string, string][] = [
      ['alias bomb', `${bomb.join('\n')}\n${base}`],
      ['deep list', `${base}\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`],
      ['deep map', `${base}\nx: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`],
      ...['0', '-3', '65', '100000', '1e9', '"${cpus*100000}"', '1.5', '"many"'].map((c): [string, string] => [`count ${c}`, base.replace('count: ${cpus}', `count: ${c}`)]),
      ['cpus=100000', base.replace('maximum: 8', 'maximum: 100000').replace('default: 1, minimum', 'default: 100000, minimum')],
      ['irq wired twice', base.replace('outputs: { irq: gic.spi1 }', 'outputs: { irq: [gic.spi1, gic.spi1] }')],
      ['wired to itself', base.replace('outputs: { irq: gic.spi1 }', 'outputs: { irq: uart0.irq }')],
      ['traversal plugin', base.replace('plugin: pl011', 'plugin: x/../../../../tmp/evil')],
      ['absolute plugin', base.replace('plugin: pl011', 'plugin: /tmp/evil.js')],
      ['traversal arch', base.replace('arch: aarch64', 'arch: ../../evil')],
      ['unaligned RAM', base.replace('base: 0x40000000, size: 128MiB', 'base: 0x40000800, size: 128MiB')],
      ['RAM past 4 GiB', base.replace('base: 0x40000000, size: 128MiB', 'base: 0xF0000000, size: 1GiB')],
      ['RAM of 3 GiB', base.replace('size: 128MiB', 'size: 3GiB')],
      ['NUL bytes', base.replace('name: virt-aarch64', 'name: "virt\u0000aarch64"\nx\u0000: 1')],
      ['byte order mark', `\ufeff${base}`],
      ['tabs', base.replace(/^ {2}/gm, '\t')],
      ['duplicate keys', base.replace('quantum: 10us', 'quantum: 10us\nquantum: 1us')],
      ['huge number', base.replace('quantum: 10us', `quantum: ${'9'.repeat(400)}`)],
      ['empty', ''],
      ['a list', '- 1\n- 2\n'],
      ['a scalar', '42'],
    ];
    for (const [label, text] of cases) await validate(label, text);
    expect(tally.failures).to.deep.equal([]);
  });

  after(() => {
    process.stdout.write(`      board fuzz: ${tally.tried} boards tried, ${tally.clean} handled cleanly (${tally.refused} refused with a message, ${tally.clean - tally.refused} valid)\n`);
  });
});
