import type { Cpu } from '../api/cpu.js';
import type { GdbArchDescription, GdbRegister } from '../api/debug.js';

/** Every register of a description in gdb's numbering. */
export function gdbRegisters(d: GdbArchDescription): readonly GdbRegister[] {
  return d.features.flatMap((f) => f.registers);
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The `target.xml` gdb reads with `qXfer:features:read`: architecture, features, registers numbered from 0. */
export function targetXml(d: GdbArchDescription): string {
  const lines = ['<?xml version="1.0"?>', '<!DOCTYPE target SYSTEM "gdb-target.dtd">', '<target version="1.0">', `<architecture>${attr(d.architecture)}</architecture>`];
  let regnum = 0;
  for (const f of d.features) {
    lines.push(`<feature name="${attr(f.name)}">`);
    if (f.types) lines.push(f.types);
    for (const r of f.registers) {
      const type = r.type ? ` type="${attr(r.type)}"` : '';
      const group = r.group ? ` group="${attr(r.group)}"` : '';
      lines.push(`<reg name="${attr(r.name)}" bitsize="${r.bits}" regnum="${regnum++}"${type}${group}/>`);
    }
    lines.push('</feature>');
  }
  lines.push('</target>');
  return lines.join('\n') + '\n';
}

/** One register as hex bytes in the CPU's byte order; `x`s when the core does not have it. */
export function registerHex(cpu: Cpu, r: GdbRegister): string {
  const bytes = r.bits / 8;
  const v = cpu.registers.read(r.source ?? r.name);
  if (v === undefined) return 'xx'.repeat(bytes);
  const big = BigInt.asUintN(r.bits, v).toString(16).padStart(bytes * 2, '0');
  if (!cpu.littleEndian) return big;
  let out = '';
  for (let k = bytes - 1; k >= 0; k--) out += big.slice(2 * k, 2 * k + 2);
  return out;
}

/** Parse one register's hex (CPU byte order) and write it; false if the hex is malformed or the core refuses. */
export function writeRegisterHex(cpu: Cpu, r: GdbRegister, hex: string): boolean {
  const bytes = r.bits / 8;
  if (hex.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(hex)) return /^x+$/i.test(hex) && hex.length === bytes * 2;
  let big = hex;
  if (cpu.littleEndian) {
    big = '';
    for (let k = bytes - 1; k >= 0; k--) big += hex.slice(2 * k, 2 * k + 2);
  }
  const v = BigInt('0x' + big);
  if (cpu.registers.read(r.source ?? r.name) === undefined) return true; // unavailable: nothing to write
  return cpu.registers.write(r.source ?? r.name, v);
}
