import { expect } from 'chai';
import { join } from 'node:path';
import { buildSimulation } from '../../src/runtime/simulation.js';
import { asm, program } from '../helpers/toy-asm.js';
import { FIXTURE_BOARDS, runBoard, testContainer, toyElf } from '../helpers/toy-harness.js';

const CTL = 0xa0000;
/** Exit with the sum of the command line's bytes (r1 = address, r2 = length from the protocol). */
const sumArgs = () =>
  program(
    asm.li(5, 0),
    asm.li(6, 0),
    // loop: r7 = byte at r1; r5 += r7; r1++; r6++; until r6 == r2
    asm.lb(7, 1, 0),
    asm.add(5, 5, 7),
    asm.addi(1, 1, 1),
    asm.addi(6, 6, 1),
    asm.bne(6, 2, -4),
    asm.li32(3, CTL),
    asm.sw(5, 3),
    asm.halt(),
  );

describe('boot protocols', () => {
  it('hands the program the state its protocol defines, with the --append command line', async () => {
    const r = await runBoard('toy-args.yaml', [{ file: toyElf(sumArgs(), 0x1000) }], { append: 'ab' });
    expect(r.stop).to.deep.include({ kind: 'exit', status: 0x61 + 0x62 });
  });

  it('refuses a program the protocol cannot boot before anything runs, naming the file', async () => {
    const file = toyElf(sumArgs(), 0x1000);
    const raw = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, 'toy-args.yaml'), images: [{ file, address: 0x1000 }] });
    expect(raw._tag).to.equal('Left');
    if (raw._tag === 'Left') expect(raw.left.message).to.equal(`${file}: cannot boot it on cpu0 (toy-args): needs an ELF file`);
    const long = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, 'toy-args.yaml'), images: [{ file }], append: 'x'.repeat(300) });
    expect(long._tag === 'Left' && long.left.message).to.match(/longer than 256 bytes/);
  });

  it('names the board field when the arch has no such protocol', async () => {
    const r = await buildSimulation(testContainer(), { board: join(FIXTURE_BOARDS, 'toy-args.yaml'), set: { boot: 'multiboot' } });
    expect(r._tag === 'Left' && r.left.message).to.match(/cpus\[0\]\.boot: arch toy has no boot protocol "multiboot"; it offers entry, reset, toy-args/);
  });
});
