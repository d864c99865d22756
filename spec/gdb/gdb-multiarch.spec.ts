import { expect } from 'chai';
import { join } from 'node:path';
import { gdbMissing, HETERO, runGdb, startChimera } from './gdb-harness.js';

const A64 = join(HETERO, 'race-debug-a64.elf');
const SPARC = join(HETERO, 'race-debug-sparc.elf');

describe('gdb-multiarch on chimera-soc (both cores, one gdb)', function () {
  this.timeout(120_000);

  before(function () {
    const missing = gdbMissing();
    if (missing) {
      process.stderr.write(`      skipped: ${missing}\n`);
      this.skip();
    }
  });

  it('breaks in C, steps, prints a variable, watches shared SRAM and reads both cores\' registers', async () => {
    const chimera = await startChimera(['chimera-soc', '--load', `cpu0=${A64}`, '--load', `cpu1=${SPARC}`, '--gdb', 'cpu0=0,cpu1=0'], 2);
    after(() => chimera.child.kill());
    const [p0, p1] = [chimera.ports.get('cpu0'), chimera.ports.get('cpu1')];
    // Per-inferior breakpoints by file:line or address: gdb 13 would put `break main` into both
    // program spaces, and inserting an aarch64 location into the SPARC inferior crashes it.
    const out = await runGdb(`
      file ${A64}
      target remote 127.0.0.1:${p0}
      echo <<a64-start>>\\n
      info registers pc
      break race-a64.c:main
      continue
      next
      step
      print bad
      watch *(unsigned int *)0x20001000
      continue
      echo <<a64-registers>>\\n
      info registers x0 sp pc cpsr
      print $pc == $x0 || 1
      print/x *(unsigned int *)0x20001000
      delete
      add-inferior -no-connection
      inferior 2
      file ${SPARC}
      target remote 127.0.0.1:${p1}
      break race-sparc.c:22
      continue
      echo <<sparc-stop>>\\n
      print i
      print/x v
      info registers pc npc sp fp psr wim tbr y
      print $npc - $pc
      print/x *(unsigned int *)0x20001000
      monitor time
      inferior 1
      print/x *(unsigned int *)0x20001000
      info registers pc
      kill inferiors 1 2
    `);
    const code = await chimera.exited;

    // aarch64: the breakpoint in translated code, a step, a local variable.
    expect(out).to.match(/pc\s+0x40000000\s+0x40000000 <_start>/);
    expect(out).to.match(/Breakpoint 1, main \(\) at src\/race-a64\.c:24/);
    expect(out).to.match(/^25\t\s+uint32_t bad = a64_wait_word\(\) != MSG_READY;/m);
    expect(out).to.match(/\$1 = 0\n/);
    // The watchpoint on shared SRAM: the store of the first increment.
    expect(out).to.match(/Hardware watchpoint 2: \*\(unsigned int \*\)0x20001000\n\nOld value = 0\nNew value = 1\n/);
    const regs = out.slice(out.indexOf('<<a64-registers>>'));
    expect(regs).to.match(/^sp\s+0x4[0-9a-f]{7}\s/m);
    expect(regs).to.match(/^pc\s+0x4000[0-9a-f]{4}\s+0x4000[0-9a-f]{4} <main\+\d+>/m);
    expect(regs).to.match(/^cpsr\s+0x[0-9a-f]+\s+\[ .*EL=1/m);
    expect(regs).to.match(/\$3 = 0x1\n/); // little endian: the counter is 1

    // SPARC: a breakpoint by line, its variables, the current window as gdb numbers it.
    const sparc = out.slice(out.indexOf('<<sparc-stop>>'));
    expect(out).to.match(/Breakpoint \d+, main \(\) at src\/race-sparc\.c:22/);
    expect(sparc).to.match(/\$4 = 0\n/); // i: the first increment
    expect(sparc).to.match(/^pc\s+0x4000[0-9a-f]{4}\s+0x4000[0-9a-f]{4} <main\+\d+>/m);
    expect(sparc).to.match(/^sp\s+0x4[0-9a-f]{7}\s/m);
    expect(sparc).to.match(/^fp\s+0x4[0-9a-f]{7}\s/m);
    expect(sparc).to.match(/^wim\s+0x[0-9a-f]+\s/m);
    expect(sparc).to.match(/^psr\s+0x[0-9a-f]+\s/m);
    expect(sparc).to.match(/\$6 = 4\n/); // npc follows pc
    // The same SRAM word through the big-endian core: byte-swapped.
    const big = /\$7 = 0x([0-9a-f]+)\n/.exec(sparc)?.[1];
    const little = /\$8 = 0x([0-9a-f]+)\n/.exec(sparc)?.[1];
    expect(big, out).to.not.equal(undefined);
    expect(little, out).to.not.equal(undefined);
    expect(Buffer.from(big!.padStart(8, '0'), 'hex').readUInt32LE(0)).to.equal(parseInt(little!, 16));
    expect(parseInt(little!, 16)).to.be.above(1); // cpu0 ran on while gdb waited for cpu1's breakpoint
    expect(sparc).to.match(/virtual time [\d.]+ [mun]?s/);
    expect(chimera.stderr()).to.match(/gdb: connected to cpu0[\s\S]*gdb: connected to cpu1/);
    expect(chimera.stderr()).to.match(/quit \(gdb kill\) at [\d.]+ [mun]?s of virtual time/);
    expect(code).to.equal(0);
  });
});
