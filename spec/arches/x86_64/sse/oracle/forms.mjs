// The instruction forms insn-gen.mjs generates rows for: one entry per opcode, mandatory prefix,
// operand kinds and register/memory choice. Fields: name, prefix (0/0x66/0xf3/0xf2), opcode,
// map (1 = 0F, 2 = 0F 38), reg/rm kinds ('xmm', 'mm', 'gpr'), mem (rm is [rbx+disp8]),
// misalign (sometimes make the memory operand misaligned), imm (byte or function of a
// random source), ext (fixed ModRM.reg), w (REX.W), rex (sometimes add an empty REX), fp
// (floating point: more rows, MXCSR variants), rdi (MASKMOV), count (rows).

export const FORMS = [];
const add = (f) => FORMS.push(f);
const PFX = { '': 0, 66: 0x66, f3: 0xf3, f2: 0xf2 };

/** Register and memory forms of reg ← op(reg, r/m). */
function both(name, prefix, opcode, reg, rm, opts = {}) {
  add({ name, prefix: PFX[prefix], opcode, reg, rm, mem: false, rex: reg === 'mm', ...opts });
  add({ name: name + '.m', prefix: PFX[prefix], opcode, reg, rm, mem: true, misalign: true, rex: reg === 'mm', ...opts });
}

// Floating-point arithmetic, PS/PD/SS/SD.
const ARITH = { 0x51: 'sqrt', 0x58: 'add', 0x59: 'mul', 0x5c: 'sub', 0x5d: 'min', 0x5e: 'div', 0x5f: 'max' };
for (const [op, m] of Object.entries(ARITH)) {
  for (const [sfx, p] of [['ps', ''], ['pd', '66'], ['ss', 'f3'], ['sd', 'f2']]) both(m + sfx, p, Number(op), 'xmm', 'xmm', { fp: true });
}
for (const [sfx, p] of [['ps', ''], ['ss', 'f3']]) {
  both('rsqrt' + sfx, p, 0x52, 'xmm', 'xmm', { fp: true, count: 24 });
  both('rcp' + sfx, p, 0x53, 'xmm', 'xmm', { fp: true, count: 24 });
}
for (const [sfx, p] of [['ps', ''], ['pd', '66'], ['ss', 'f3'], ['sd', 'f2']]) {
  both('cmp' + sfx, p, 0xc2, 'xmm', 'xmm', { fp: true, count: 64, imm: (b) => (b(12) === 0 ? 8 + b(248) : b(8)) });
}
for (const [sfx, p] of [['s', ''], ['d', '66']]) {
  both('ucomis' + sfx, p, 0x2e, 'xmm', 'xmm', { fp: true });
  both('comis' + sfx, p, 0x2f, 'xmm', 'xmm', { fp: true });
}
for (const [sfx, p] of [['pd', '66'], ['ps', 'f2']]) {
  both('hadd' + sfx, p, 0x7c, 'xmm', 'xmm', { fp: true, count: 32 });
  both('hsub' + sfx, p, 0x7d, 'xmm', 'xmm', { fp: true, count: 32 });
  both('addsub' + sfx, p, 0xd0, 'xmm', 'xmm', { fp: true, count: 32 });
}

// Conversions.
both('cvtps2pd', '', 0x5a, 'xmm', 'xmm', { fp: true });
both('cvtpd2ps', '66', 0x5a, 'xmm', 'xmm', { fp: true });
both('cvtss2sd', 'f3', 0x5a, 'xmm', 'xmm', { fp: true });
both('cvtsd2ss', 'f2', 0x5a, 'xmm', 'xmm', { fp: true });
both('cvtdq2ps', '', 0x5b, 'xmm', 'xmm', { fp: true, count: 24 });
both('cvtps2dq', '66', 0x5b, 'xmm', 'xmm', { fp: true });
both('cvttps2dq', 'f3', 0x5b, 'xmm', 'xmm', { fp: true });
both('cvttpd2dq', '66', 0xe6, 'xmm', 'xmm', { fp: true });
both('cvtdq2pd', 'f3', 0xe6, 'xmm', 'xmm', { fp: true, count: 16 });
both('cvtpd2dq', 'f2', 0xe6, 'xmm', 'xmm', { fp: true });
both('cvtpi2ps', '', 0x2a, 'xmm', 'mm', { fp: true, count: 24 });
both('cvtpi2pd', '66', 0x2a, 'xmm', 'mm', { fp: true, count: 16 });
for (const w of [false, true]) {
  const s = w ? 'q' : '';
  both('cvtsi2ss' + s, 'f3', 0x2a, 'xmm', 'gpr', { fp: true, w, count: 32 });
  both('cvtsi2sd' + s, 'f2', 0x2a, 'xmm', 'gpr', { fp: true, w, count: 32 });
  both('cvttss2si' + s, 'f3', 0x2c, 'gpr', 'xmm', { fp: true, w });
  both('cvttsd2si' + s, 'f2', 0x2c, 'gpr', 'xmm', { fp: true, w });
  both('cvtss2si' + s, 'f3', 0x2d, 'gpr', 'xmm', { fp: true, w });
  both('cvtsd2si' + s, 'f2', 0x2d, 'gpr', 'xmm', { fp: true, w });
}
both('cvttps2pi', '', 0x2c, 'mm', 'xmm', { fp: true, count: 24 });
both('cvttpd2pi', '66', 0x2c, 'mm', 'xmm', { fp: true, count: 24 });
both('cvtps2pi', '', 0x2d, 'mm', 'xmm', { fp: true, count: 24 });
both('cvtpd2pi', '66', 0x2d, 'mm', 'xmm', { fp: true, count: 24 });

// Moves.
for (const [m, p] of [['movups', ''], ['movupd', '66'], ['movss', 'f3'], ['movsd', 'f2']]) {
  both(m, p, 0x10, 'xmm', 'xmm');
  both(m + '.st', p, 0x11, 'xmm', 'xmm');
}
both('movlps/movhlps', '', 0x12, 'xmm', 'xmm');
add({ name: 'movlpd.m', prefix: 0x66, opcode: 0x12, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
both('movsldup', 'f3', 0x12, 'xmm', 'xmm');
both('movddup', 'f2', 0x12, 'xmm', 'xmm');
both('movhps/movlhps', '', 0x16, 'xmm', 'xmm');
add({ name: 'movhpd.m', prefix: 0x66, opcode: 0x16, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
both('movshdup', 'f3', 0x16, 'xmm', 'xmm');
for (const [m, p] of [['movlps.st', ''], ['movlpd.st', '66']]) add({ name: m, prefix: PFX[p], opcode: 0x13, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
for (const [m, p] of [['movhps.st', ''], ['movhpd.st', '66']]) add({ name: m, prefix: PFX[p], opcode: 0x17, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
for (const [m, p] of [['movaps', ''], ['movapd', '66']]) {
  both(m, p, 0x28, 'xmm', 'xmm');
  both(m + '.st', p, 0x29, 'xmm', 'xmm');
}
for (const [m, p] of [['movntps', ''], ['movntpd', '66']]) add({ name: m, prefix: PFX[p], opcode: 0x2b, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
add({ name: 'movntq', prefix: 0, opcode: 0xe7, reg: 'mm', rm: 'mm', mem: true, misalign: true });
add({ name: 'movntdq', prefix: 0x66, opcode: 0xe7, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
add({ name: 'lddqu', prefix: 0xf2, opcode: 0xf0, reg: 'xmm', rm: 'xmm', mem: true, misalign: true });
for (const w of [false, true]) {
  add({ name: 'movmskps' + (w ? '.w' : ''), prefix: 0, opcode: 0x50, reg: 'gpr', rm: 'xmm', w });
  add({ name: 'movmskpd' + (w ? '.w' : ''), prefix: 0x66, opcode: 0x50, reg: 'gpr', rm: 'xmm', w });
  const q = w ? 'q' : 'd';
  both(`mov${q} mm,r`, '', 0x6e, 'mm', 'gpr', { w });
  both(`mov${q} xmm,r`, '66', 0x6e, 'xmm', 'gpr', { w });
  both(`mov${q} r,mm`, '', 0x7e, 'mm', 'gpr', { w });
  both(`mov${q} r,xmm`, '66', 0x7e, 'xmm', 'gpr', { w });
}
both('movq mm,mm', '', 0x6f, 'mm', 'mm');
both('movq mm.st', '', 0x7f, 'mm', 'mm');
both('movdqa', '66', 0x6f, 'xmm', 'xmm');
both('movdqa.st', '66', 0x7f, 'xmm', 'xmm');
both('movdqu', 'f3', 0x6f, 'xmm', 'xmm');
both('movdqu.st', 'f3', 0x7f, 'xmm', 'xmm');
both('movq xmm,xmm', 'f3', 0x7e, 'xmm', 'xmm');
both('movq xmm.st', '66', 0xd6, 'xmm', 'xmm');
add({ name: 'movq2dq', prefix: 0xf3, opcode: 0xd6, reg: 'xmm', rm: 'mm', mem: false, rex: true });
add({ name: 'movdq2q', prefix: 0xf2, opcode: 0xd6, reg: 'mm', rm: 'xmm', mem: false });
for (const [m, p, k] of [['pinsrw mm', '', 'mm'], ['pinsrw xmm', '66', 'xmm']]) both(m, p, 0xc4, k, 'gpr', { imm: (b) => b(256) });
add({ name: 'pextrw mm', prefix: 0, opcode: 0xc5, reg: 'gpr', rm: 'mm', mem: false, imm: (b) => b(256) });
add({ name: 'pextrw xmm', prefix: 0x66, opcode: 0xc5, reg: 'gpr', rm: 'xmm', mem: false, imm: (b) => b(256) });
add({ name: 'pmovmskb mm', prefix: 0, opcode: 0xd7, reg: 'gpr', rm: 'mm', mem: false });
add({ name: 'pmovmskb xmm', prefix: 0x66, opcode: 0xd7, reg: 'gpr', rm: 'xmm', mem: false });
add({ name: 'maskmovq', prefix: 0, opcode: 0xf7, reg: 'mm', rm: 'mm', mem: false, rdi: true });
add({ name: 'maskmovdqu', prefix: 0x66, opcode: 0xf7, reg: 'xmm', rm: 'xmm', mem: false, rdi: true });

// Logic, unpack and shuffles of the FP domain.
for (const [op, m] of [[0x54, 'and'], [0x55, 'andn'], [0x56, 'or'], [0x57, 'xor'], [0x14, 'unpckl'], [0x15, 'unpckh']]) {
  both(m + 'ps', '', op, 'xmm', 'xmm');
  both(m + 'pd', '66', op, 'xmm', 'xmm');
}
both('shufps', '', 0xc6, 'xmm', 'xmm', { imm: (b) => b(256) });
both('shufpd', '66', 0xc6, 'xmm', 'xmm', { imm: (b) => b(256) });
both('pshufw', '', 0x70, 'mm', 'mm', { imm: (b) => b(256) });
both('pshufd', '66', 0x70, 'xmm', 'xmm', { imm: (b) => b(256) });
both('pshufhw', 'f3', 0x70, 'xmm', 'xmm', { imm: (b) => b(256) });
both('pshuflw', 'f2', 0x70, 'xmm', 'xmm', { imm: (b) => b(256) });

// Integer operations, MMX and SSE2.
const INT = {
  0x60: 'punpcklbw', 0x61: 'punpcklwd', 0x62: 'punpckldq', 0x63: 'packsswb', 0x64: 'pcmpgtb', 0x65: 'pcmpgtw',
  0x66: 'pcmpgtd', 0x67: 'packuswb', 0x68: 'punpckhbw', 0x69: 'punpckhwd', 0x6a: 'punpckhdq', 0x6b: 'packssdw',
  0x74: 'pcmpeqb', 0x75: 'pcmpeqw', 0x76: 'pcmpeqd', 0xd1: 'psrlw', 0xd2: 'psrld', 0xd3: 'psrlq', 0xd4: 'paddq',
  0xd5: 'pmullw', 0xd8: 'psubusb', 0xd9: 'psubusw', 0xda: 'pminub', 0xdb: 'pand', 0xdc: 'paddusb', 0xdd: 'paddusw',
  0xde: 'pmaxub', 0xdf: 'pandn', 0xe0: 'pavgb', 0xe1: 'psraw', 0xe2: 'psrad', 0xe3: 'pavgw', 0xe4: 'pmulhuw',
  0xe5: 'pmulhw', 0xe8: 'psubsb', 0xe9: 'psubsw', 0xea: 'pminsw', 0xeb: 'por', 0xec: 'paddsb', 0xed: 'paddsw',
  0xee: 'pmaxsw', 0xef: 'pxor', 0xf1: 'psllw', 0xf2: 'pslld', 0xf3: 'psllq', 0xf4: 'pmuludq', 0xf5: 'pmaddwd',
  0xf6: 'psadbw', 0xf8: 'psubb', 0xf9: 'psubw', 0xfa: 'psubd', 0xfb: 'psubq', 0xfc: 'paddb', 0xfd: 'paddw', 0xfe: 'paddd',
};
for (const [op, m] of Object.entries(INT)) {
  both(m + ' mm', '', Number(op), 'mm', 'mm');
  both(m + ' xmm', '66', Number(op), 'xmm', 'xmm');
}
both('punpcklqdq', '66', 0x6c, 'xmm', 'xmm');
both('punpckhqdq', '66', 0x6d, 'xmm', 'xmm');

// Shifts by immediate (register forms; counts mostly in range, some beyond).
const count = (b) => (b(4) === 0 ? b(256) : b(70));
for (const [op, exts] of [[0x71, [2, 4, 6]], [0x72, [2, 4, 6]], [0x73, [2, 6]]]) {
  for (const ext of exts) {
    add({ name: `grp${op.toString(16)}/${ext} mm`, prefix: 0, opcode: op, ext, reg: 'mm', rm: 'mm', mem: false, imm: count, rex: true });
    add({ name: `grp${op.toString(16)}/${ext} xmm`, prefix: 0x66, opcode: op, ext, reg: 'xmm', rm: 'xmm', mem: false, imm: count });
  }
}
add({ name: 'psrldq', prefix: 0x66, opcode: 0x73, ext: 3, reg: 'xmm', rm: 'xmm', mem: false, imm: (b) => (b(3) === 0 ? b(256) : b(18)) });
add({ name: 'pslldq', prefix: 0x66, opcode: 0x73, ext: 7, reg: 'xmm', rm: 'xmm', mem: false, imm: (b) => (b(3) === 0 ? b(256) : b(18)) });

// LDMXCSR / STMXCSR.
add({ name: 'ldmxcsr', prefix: 0, opcode: 0xae, ext: 2, reg: 'xmm', rm: 'xmm', mem: true, count: 6 });
add({ name: 'stmxcsr', prefix: 0, opcode: 0xae, ext: 3, reg: 'xmm', rm: 'xmm', mem: true, count: 6 });

// Encodings that are #UD for qemu64 or by the SDM (QEMU 7.2 accepts some of the latter).
const UD = [
  ['ud movlpd reg', 0x66, 0x12], ['ud movhpd reg', 0x66, 0x16], ['ud movlps.st reg', 0, 0x13], ['ud movhps.st reg', 0, 0x17],
  ['ud f2 movshdup', 0xf2, 0x16], ['ud f3 movaps', 0xf3, 0x28], ['ud f2 movapd.st', 0xf2, 0x29], ['ud movntps reg', 0, 0x2b],
  ['ud f3 movntss', 0xf3, 0x2b], ['ud f2 cvtdq2ps', 0xf2, 0x5b], ['ud 66 rcp', 0x66, 0x53], ['ud f2 rsqrt', 0xf2, 0x52],
  ['ud hadd none', 0, 0x7c], ['ud addsub f3', 0xf3, 0xd0], ['ud cvtpd2dq none', 0, 0xe6], ['ud movq d6 none', 0, 0xd6],
  ['ud lddqu reg', 0xf2, 0xf0], ['ud movntq reg', 0, 0xe7], ['ud movntdq reg', 0x66, 0xe7], ['ud punpcklqdq mm', 0, 0x6c],
  ['ud f3 paddb', 0xf3, 0xfc], ['ud f2 pxor', 0xf2, 0xef], ['ud f3 andps', 0xf3, 0x54], ['ud f2 comiss', 0xf2, 0x2f],
  ['ud f2 movmsk', 0xf2, 0x50], ['ud 66 extrq (sse4a)', 0x66, 0x78], ['ud f2 insertq (sse4a)', 0xf2, 0x79],
  ['ud vmread', 0, 0x78], ['ud f3 pshufb', 0xf3, 0xc4],
];
for (const [name, prefix, opcode] of UD) add({ name, prefix, opcode, reg: 'xmm', rm: 'xmm', mem: false, count: 2, imm: opcode === 0x78 || opcode === 0xc4 ? 0 : undefined });
add({ name: 'ud movlpd reg', prefix: 0x66, opcode: 0x13, reg: 'xmm', rm: 'xmm', mem: false, count: 2 });
add({ name: 'ud pmovmskb mem', prefix: 0x66, opcode: 0xd7, reg: 'gpr', rm: 'xmm', mem: true, count: 2 });
add({ name: 'ud psrlw imm mem', prefix: 0x66, opcode: 0x71, ext: 2, reg: 'xmm', rm: 'xmm', mem: true, imm: 3, count: 2 });
add({ name: 'ud grp71/3', prefix: 0x66, opcode: 0x71, ext: 3, reg: 'xmm', rm: 'xmm', mem: false, imm: 3, count: 2 });
add({ name: 'ud psraq', prefix: 0x66, opcode: 0x73, ext: 4, reg: 'xmm', rm: 'xmm', mem: false, imm: 3, count: 2 });
add({ name: 'ud psrldq mm', prefix: 0, opcode: 0x73, ext: 3, reg: 'mm', rm: 'mm', mem: false, imm: 3, count: 2 });
for (const op of [0x00, 0x04, 0x0b, 0x1c]) add({ name: `ud ssse3 0f38 ${op.toString(16)}`, map: 2, prefix: 0x66, opcode: op, reg: 'xmm', rm: 'xmm', mem: false, count: 2 });

// Hand-picked cases: unmasked exceptions lane by lane, DE rules, FZ at the normal boundary,
// QEMU's exact reciprocals, conversion limits, NaN choice.
const x = (...w) => w.map((v) => (v >>> 0).toString(16)).join(',');
const ONE = 0x3f800000;
const D = 1;
export const EDGE_ROWS = [];
const edge = (form, bytes, mxcsr, overrides) => EDGE_ROWS.push({ form: 'edge ' + form, bytes, mxcsr, overrides });
// addps/mulps/divps xmm0, xmm1 with chosen lanes.
const ADDPS = [0x0f, 0x58, 0xc1];
const MULPS = [0x0f, 0x59, 0xc1];
const DIVPS = [0x0f, 0x5e, 0xc1];
const SQRTPS = [0x0f, 0x51, 0xc1];
const MULSS = [0xf3, 0x0f, 0x59, 0xc1];
for (const mx of [0x1f80, 0x1f00, 0x1e80, 0x1d80, 0x1b80, 0x1780, 0x0f80, 0x0000, 0x1fc0, 0x9f80, 0x9780]) {
  edge('addps', ADDPS, mx, [`x0=${x(ONE, 0x7f800001, 0x7f000000, 0x00800001)}`, `x1=${x(D, 0, 0x7f000000, 0x80800000)}`]);
  edge('mulps', MULPS, mx, [`x0=${x(0x00800000, 0x7f000000, 0x3f800001, 0)}`, `x1=${x(0x3f000000, 0x40000000, 0x3f800001, D)}`]);
  edge('divps', DIVPS, mx, [`x0=${x(ONE, D, 0, 0x7f800000)}`, `x1=${x(0x40400000, 0, 0, 0x7f800000)}`]);
  edge('divps den', DIVPS, mx, [`x0=${x(ONE, 0, 0x7f800000, D)}`, `x1=${x(D, D, D, 0x40000000)}`]);
  edge('sqrtps', SQRTPS, mx, [`x0=${x(0, 0, 0, 0)}`, `x1=${x(0x80000001, 0xbf800000, D, 0x40000000)}`]);
  edge('mulss tiny exact', MULSS, mx, [`x0=${x(0x01000000, 0, 0, 0)}`, `x1=${x(0x3e800000, 0, 0, 0)}`]);
  edge('mulss boundary', MULSS, mx, [`x0=${x(0x3f7fffff, 0, 0, 0)}`, `x1=${x(0x00800000, 0, 0, 0)}`]);
  edge('mulss boundary2', MULSS, mx, [`x0=${x(0x3f7fffff, 0, 0, 0)}`, `x1=${x(0x00800001, 0, 0, 0)}`]);
  edge('addss den+0', [0xf3, 0x0f, 0x58, 0xc1], mx, [`x0=${x(D, 0, 0, 0)}`, `x1=${x(0x80000000, 0, 0, 0)}`]);
  edge('cvtsd2ss boundary', [0xf2, 0x0f, 0x5a, 0xc1], mx, [`x0=${x(0, 0, 0, 0)}`, `x1=${x(0xf0000000, 0x380fffff, 0, 0)}`]);
  edge('cvtsd2ss max', [0xf2, 0x0f, 0x5a, 0xc1], mx, [`x0=${x(0, 0, 0, 0)}`, `x1=${x(0xf0000000, 0x47efffff, 0, 0)}`]);
  edge('cvttss2si big', [0xf3, 0x0f, 0x2c, 0xc1], mx, [`x1=${x(0x4f000000, 0, 0, 0)}`]);
  edge('cvtss2si 1.5', [0xf3, 0x0f, 0x2d, 0xc1], mx, [`x1=${x(0x3fc00000, 0, 0, 0)}`]);
  edge('maxss qnan', [0xf3, 0x0f, 0x5f, 0xc1], mx, [`x0=${x(0x7fc00000, 0, 0, 0)}`, `x1=${x(ONE, 0, 0, 0)}`]);
  edge('minss den', [0xf3, 0x0f, 0x5d, 0xc1], mx, [`x0=${x(5, 0, 0, 0)}`, `x1=${x(0, 0, 0, 0)}`]);
  edge('cmpltps qnan', [0x0f, 0xc2, 0xc1, 0x01], mx, [`x0=${x(0x7fc00000, D, ONE, 0)}`, `x1=${x(ONE, ONE, 0x7f800001, 0x80000000)}`]);
  edge('comiss den', [0x0f, 0x2f, 0xc1], mx, [`x0=${x(D, 0, 0, 0)}`, `x1=${x(0, 0, 0, 0)}`]);
  edge('rcpps', [0x0f, 0x53, 0xc1], mx, [`x1=${x(D, 0x7e800000, 0x7f7fffff, 0x80000000)}`]);
  edge('rsqrtps', [0x0f, 0x52, 0xc1], mx, [`x1=${x(D, 0xbf800000, 0x00800000, 0x7fa00000)}`]);
  edge('cvtpd2ps', [0x66, 0x0f, 0x5a, 0xc1], mx, [`x1=${x(1, 0, 0xe0000000, 0xc7efffff)}`]);
  edge('addsd', [0xf2, 0x0f, 0x58, 0xc1], mx, [`x0=${x(0, 0x7fe00000, 0, 0)}`, `x1=${x(0, 0x7fe00000, 0, 0)}`]);
  edge('mulsd', [0xf2, 0x0f, 0x59, 0xc1], mx, [`x0=${x(0, 0x00100000, 0, 0)}`, `x1=${x(0xffffffff, 0x3fefffff, 0, 0)}`]);
}
// Two NaNs: which one QEMU keeps.
for (const [a, b] of [[0x7fc00001, 0x7fc00002], [0x7fc00002, 0x7fc00001], [0x7f800001, 0x7fc00002], [0xffc00001, 0x7fc00001], [0x7fc00001, 0xffc00001], [0x7f800002, 0x7f800001]]) {
  edge('addss nans', [0xf3, 0x0f, 0x58, 0xc1], 0x1f80, [`x0=${x(a, 0, 0, 0)}`, `x1=${x(b, 0, 0, 0)}`]);
}
