import type { GdbArchDescription, GdbRegister } from '../../src/api/index.js';

const reg = (name: string, type = 'int', source?: string): GdbRegister => ({ name, bits: 32, type, ...(source && { source }) });

/**
 * gdb's 32-bit SPARC numbering: g0–g7, o0–o7, l0–l7, i0–i7 of the current window (0–31; o6 is
 * `sp` and i6 `fp` to gdb), f0–f31 (32–63), then y, psr, wim, tbr, pc, npc, fsr, csr (64–71),
 * in the features gdb's sparc port checks (`org.gnu.gdb.sparc.cpu`, `.fpu`, `.cp0`).
 */
const cpu: GdbRegister[] = [];
for (const bank of ['g', 'o', 'l', 'i']) {
  for (let k = 0; k < 8; k++) {
    const name = `${bank}${k}`;
    if (name === 'o6') cpu.push(reg('sp', 'data_ptr', 'o6'));
    else if (name === 'i6') cpu.push(reg('fp', 'data_ptr', 'i6'));
    else if (name === 'i7' || name === 'o7') cpu.push(reg(name, 'code_ptr'));
    else cpu.push(reg(name));
  }
}
const fpu: GdbRegister[] = Array.from({ length: 32 }, (_, k) => ({ name: `f${k}`, bits: 32, type: 'ieee_single', group: 'float' }));
const cp0: GdbRegister[] = [reg('y'), reg('psr'), reg('wim'), reg('tbr'), reg('pc', 'code_ptr'), reg('npc', 'code_ptr'), reg('fsr'), reg('csr')];

export const sparcGdb: GdbArchDescription = {
  architecture: 'sparc',
  features: [
    { name: 'org.gnu.gdb.sparc.cpu', registers: cpu },
    { name: 'org.gnu.gdb.sparc.fpu', registers: fpu },
    { name: 'org.gnu.gdb.sparc.cp0', registers: cp0 },
  ],
};
