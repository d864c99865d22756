// The instruction forms the oracle runs: encoding (opcode, ModRM with RSI as the memory base),
// how its inputs are made, and what it produces. Shared by generate.mjs and (via the generated
// vectors) the spec.
//   regs: random ST inputs (ST(0)..ST(regs-1)); mem: memory input kind; out: bytes stored;
//   kind: 0 plain, 1 EFLAGS in/out, 2 AX out; gen: value distribution for the inputs; n: vectors.

const m = (reg) => 0x06 | (reg << 3); // [rsi]
const arith = ['add', 'mul', 'com', 'comp', 'sub', 'subr', 'div', 'divr'];

export const OPS = [];
const op = (name, bytes, o = {}) => OPS.push({ name, bytes, regs: 0, mem: null, out: 0, kind: 0, gen: 'any', n: 60, ...o });

// Arithmetic with memory operands.
arith.forEach((a, r) => {
  op(`f${a}_m32`, [0xd8, m(r)], { regs: 1, mem: 'f32', n: 60 });
  op(`f${a}_m64`, [0xdc, m(r)], { regs: 1, mem: 'f64', n: 60 });
  op(`fi${a}_m32`, [0xda, m(r)], { regs: 1, mem: 'i32', n: 30 });
  op(`fi${a}_m16`, [0xde, m(r)], { regs: 1, mem: 'i16', n: 20 });
});
// Register forms: D8 ST(0) op ST(1); DC ST(2) op ST(0); DE ST(1) op ST(0) and pop.
arith.forEach((a, r) => {
  op(`f${a}_st0_st1`, [0xd8, 0xc1 | (r << 3)], { regs: 2, gen: 'pair', n: 110 });
});
op('fadd_st0_st0', [0xd8, 0xc0], { regs: 1, n: 30 });
op('fsub_st0_st0', [0xd8, 0xe0], { regs: 1, n: 30 });
op('fmul_st0_st0', [0xd8, 0xc8], { regs: 1, n: 30 });
['add', 'mul', 'com2', 'comp3', 'subr', 'sub', 'divr', 'div'].forEach((a, r) => {
  op(`f${a}_st2_st0`, [0xdc, 0xc2 | (r << 3)], { regs: 3, gen: 'pair02', n: 30 });
});
['addp', 'mulp', 'comp5', null, 'subrp', 'subp', 'divrp', 'divp'].forEach((a, r) => {
  if (a) op(`f${a}_st1_st0`, [0xde, 0xc1 | (r << 3)], { regs: 2, gen: 'pair', n: 30 });
});
op('fcompp', [0xde, 0xd9], { regs: 2, gen: 'pair', n: 40 });
op('fucom_st1', [0xdd, 0xe1], { regs: 2, gen: 'pair', n: 60 });
op('fucomp_st1', [0xdd, 0xe9], { regs: 2, gen: 'pair', n: 30 });
op('fucompp', [0xda, 0xe9], { regs: 2, gen: 'pair', n: 30 });
op('fcomi_st1', [0xdb, 0xf1], { regs: 2, gen: 'pair', kind: 1, n: 60 });
op('fucomi_st1', [0xdb, 0xe9], { regs: 2, gen: 'pair', kind: 1, n: 60 });
op('fcomip_st1', [0xdf, 0xf1], { regs: 2, gen: 'pair', kind: 1, n: 30 });
op('fucomip_st1', [0xdf, 0xe9], { regs: 2, gen: 'pair', kind: 1, n: 30 });
['b', 'e', 'be', 'u'].forEach((c, r) => {
  op(`fcmov${c}`, [0xda, 0xc1 | (r << 3)], { regs: 2, kind: 1, gen: 'cmov', n: 16 });
  op(`fcmovn${c}`, [0xdb, 0xc1 | (r << 3)], { regs: 2, kind: 1, gen: 'cmov', n: 16 });
});

// Loads and stores.
op('fld_m32', [0xd9, m(0)], { mem: 'f32', n: 70 });
op('fld_m64', [0xdd, m(0)], { mem: 'f64', n: 90 });
op('fld_m80', [0xdb, m(5)], { mem: 'f80', n: 40 });
op('fild_m16', [0xdf, m(0)], { mem: 'i16', n: 30 });
op('fild_m32', [0xdb, m(0)], { mem: 'i32', n: 30 });
op('fild_m64', [0xdf, m(5)], { mem: 'i64', n: 40 });
op('fbld', [0xdf, m(4)], { mem: 'bcd', n: 60 });
op('fst_m32', [0xd9, m(2)], { regs: 1, out: 4, gen: 'narrow', n: 120 });
op('fstp_m32', [0xd9, m(3)], { regs: 1, out: 4, gen: 'narrow', n: 40 });
op('fst_m64', [0xdd, m(2)], { regs: 1, out: 8, gen: 'narrow', n: 120 });
op('fstp_m64', [0xdd, m(3)], { regs: 1, out: 8, gen: 'narrow', n: 40 });
op('fstp_m80', [0xdb, m(7)], { regs: 1, out: 10, n: 30 });
op('fist_m16', [0xdf, m(2)], { regs: 1, out: 2, gen: 'int', n: 70 });
op('fistp_m16', [0xdf, m(3)], { regs: 1, out: 2, gen: 'int', n: 30 });
op('fist_m32', [0xdb, m(2)], { regs: 1, out: 4, gen: 'int', n: 70 });
op('fistp_m32', [0xdb, m(3)], { regs: 1, out: 4, gen: 'int', n: 30 });
op('fistp_m64', [0xdf, m(7)], { regs: 1, out: 8, gen: 'int', n: 90 });
op('fisttp_m16', [0xdf, m(1)], { regs: 1, out: 2, gen: 'int', n: 40 });
op('fisttp_m32', [0xdb, m(1)], { regs: 1, out: 4, gen: 'int', n: 40 });
op('fisttp_m64', [0xdd, m(1)], { regs: 1, out: 8, gen: 'int', n: 50 });
op('fbstp', [0xdf, m(6)], { regs: 1, out: 10, gen: 'bcd', n: 80 });
op('fld_st1', [0xd9, 0xc1], { regs: 2, n: 12 });
op('fld_st0', [0xd9, 0xc0], { regs: 1, n: 8 });
op('fst_st2', [0xdd, 0xd2], { regs: 3, n: 12 });
op('fstp_st2', [0xdd, 0xda], { regs: 3, n: 12 });
op('fstp_st0', [0xdd, 0xd8], { regs: 2, n: 8 });
op('fstp1_st2', [0xd9, 0xda], { regs: 3, n: 8 });
op('fstp8_st1', [0xdf, 0xd1], { regs: 2, n: 8 });
op('fstp9_st1', [0xdf, 0xd9], { regs: 2, n: 8 });
op('fxch_st1', [0xd9, 0xc9], { regs: 2, n: 12 });
op('fxch_st2', [0xd9, 0xca], { regs: 3, n: 12 });
op('fxch4_st1', [0xdd, 0xc9], { regs: 2, n: 8 });
op('fxch7_st1', [0xdf, 0xc9], { regs: 2, n: 8 });
['1', 'l2t', 'l2e', 'pi', 'lg2', 'ln2', 'z'].forEach((c, r) => op(`fld${c}`, [0xd9, 0xe8 + r], { n: 12 }));

// One-operand and two-operand instructions on the stack.
op('fchs', [0xd9, 0xe0], { regs: 1, n: 30 });
op('fabs', [0xd9, 0xe1], { regs: 1, n: 30 });
op('ftst', [0xd9, 0xe4], { regs: 1, n: 50 });
op('fxam', [0xd9, 0xe5], { regs: 1, n: 80 });
op('fsqrt', [0xd9, 0xfa], { regs: 1, gen: 'sqrt', n: 160 });
op('frndint', [0xd9, 0xfc], { regs: 1, gen: 'int', n: 140 });
op('fscale', [0xd9, 0xfd], { regs: 2, gen: 'scale', n: 140 });
op('fxtract', [0xd9, 0xf4], { regs: 1, n: 70 });
op('fprem', [0xd9, 0xf8], { regs: 2, gen: 'rem', n: 160 });
op('fprem1', [0xd9, 0xf5], { regs: 2, gen: 'rem', n: 160 });
op('f2xm1', [0xd9, 0xf0], { regs: 1, gen: 'f2xm1', n: 200 });
op('fyl2x', [0xd9, 0xf1], { regs: 2, gen: 'fyl2x', n: 200 });
op('fyl2xp1', [0xd9, 0xf9], { regs: 2, gen: 'fyl2xp1', n: 200 });
op('fpatan', [0xd9, 0xf3], { regs: 2, gen: 'pair', n: 200 });
op('fptan', [0xd9, 0xf2], { regs: 1, gen: 'trig', n: 120 });
op('fsin', [0xd9, 0xfe], { regs: 1, gen: 'trig', n: 120 });
op('fcos', [0xd9, 0xff], { regs: 1, gen: 'trig', n: 120 });
op('fsincos', [0xd9, 0xfb], { regs: 1, gen: 'trig', n: 120 });

// Control.
op('fincstp', [0xd9, 0xf7], { regs: 2, n: 8 });
op('fdecstp', [0xd9, 0xf6], { regs: 2, n: 8 });
op('ffree_st1', [0xdd, 0xc1], { regs: 2, n: 8 });
op('ffreep_st1', [0xdf, 0xc1], { regs: 2, n: 8 });
op('fnop', [0xd9, 0xd0], { regs: 1, n: 6 });
op('fnclex', [0xdb, 0xe2], { regs: 1, gen: 'flags', n: 12 });
op('fninit', [0xdb, 0xe3], { regs: 1, gen: 'flags', n: 6 });
op('fnstsw_ax', [0xdf, 0xe0], { regs: 1, kind: 2, gen: 'flags', n: 12 });
op('fnstsw_m16', [0xdd, m(7)], { regs: 1, out: 2, gen: 'flags', n: 12 });
op('fnstcw', [0xd9, m(7)], { regs: 1, out: 2, n: 12 });
op('fldcw', [0xd9, m(5)], { regs: 1, mem: 'cw', n: 20 });
