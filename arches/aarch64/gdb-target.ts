import type { GdbArchDescription, GdbRegister } from '../../src/api/index.js';

const core: GdbRegister[] = [];
for (let i = 0; i < 31; i++) core.push({ name: `x${i}`, bits: 64, type: i === 29 ? 'data_ptr' : 'int' });
core.push({ name: 'sp', bits: 64, type: 'data_ptr' }, { name: 'pc', bits: 64, type: 'code_ptr' }, { name: 'cpsr', bits: 32, type: 'cpsr_flags' });

const fpu: GdbRegister[] = [];
for (let i = 0; i < 32; i++) fpu.push({ name: `v${i}`, bits: 128, type: 'vreg', group: 'vector' });
fpu.push({ name: 'fpsr', bits: 32, type: 'int', group: 'float' }, { name: 'fpcr', bits: 32, type: 'int', group: 'float' });

/** NZCV and the interrupt masks, so `info registers cpsr` shows them by name. */
const coreTypes = `<flags id="cpsr_flags" size="4">
  <field name="SP" start="0" end="0"/><field name="EL" start="2" end="3"/><field name="nRW" start="4" end="4"/>
  <field name="F" start="6" end="6"/><field name="I" start="7" end="7"/><field name="A" start="8" end="8"/>
  <field name="D" start="9" end="9"/><field name="IL" start="20" end="20"/><field name="SS" start="21" end="21"/>
  <field name="V" start="28" end="28"/><field name="C" start="29" end="29"/><field name="Z" start="30" end="30"/>
  <field name="N" start="31" end="31"/>
</flags>`;

/** A SIMD register seen as lanes of each width, as `p $v0.s.u` and `p $v0.d.f` expect. */
const fpuTypes = `<vector id="lanes_d_f" type="ieee_double" count="2"/>
<vector id="lanes_d_u" type="uint64" count="2"/>
<vector id="lanes_d_s" type="int64" count="2"/>
<vector id="lanes_s_f" type="ieee_single" count="4"/>
<vector id="lanes_s_u" type="uint32" count="4"/>
<vector id="lanes_s_s" type="int32" count="4"/>
<vector id="lanes_h_u" type="uint16" count="8"/>
<vector id="lanes_h_s" type="int16" count="8"/>
<vector id="lanes_b_u" type="uint8" count="16"/>
<vector id="lanes_b_s" type="int8" count="16"/>
<union id="view_d"><field name="f" type="lanes_d_f"/><field name="u" type="lanes_d_u"/><field name="s" type="lanes_d_s"/></union>
<union id="view_s"><field name="f" type="lanes_s_f"/><field name="u" type="lanes_s_u"/><field name="s" type="lanes_s_s"/></union>
<union id="view_h"><field name="u" type="lanes_h_u"/><field name="s" type="lanes_h_s"/></union>
<union id="view_b"><field name="u" type="lanes_b_u"/><field name="s" type="lanes_b_s"/></union>
<union id="view_q"><field name="u" type="uint128"/><field name="s" type="int128"/></union>
<union id="vreg"><field name="d" type="view_d"/><field name="s" type="view_s"/><field name="h" type="view_h"/><field name="b" type="view_b"/><field name="q" type="view_q"/></union>`;

/**
 * gdb's view of the core: the `org.gnu.gdb.aarch64.core` feature (x0–x30, sp, pc, cpsr: gdb
 * registers 0–33) and `org.gnu.gdb.aarch64.fpu` (v0–v31, fpsr, fpcr: 34–67), the numbering gdb's
 * aarch64 port requires. gdb derives q/d/s/h/b and w registers from these itself.
 */
export const aarch64Gdb: GdbArchDescription = {
  architecture: 'aarch64',
  features: [
    { name: 'org.gnu.gdb.aarch64.core', types: coreTypes, registers: core },
    { name: 'org.gnu.gdb.aarch64.fpu', types: fpuTypes, registers: fpu },
  ],
  watchpointBeforeAccess: true,
};
