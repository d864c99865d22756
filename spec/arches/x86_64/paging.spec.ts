import { expect } from 'chai';
import { Access, PFEC_I, PFEC_P, PFEC_RSVD, PFEC_U, PFEC_W, walk, WalkResult, type PagingState } from '../../../arches/x86_64/paging.js';

/** A paging state over a little sparse memory of 32-bit words. */
class Tables implements PagingState {
  cr0 = 0x80010001; // PG, WP, PE
  cr3Lo = 0x1000;
  cr3Hi = 0;
  cr4 = 0x20; // PAE
  efer = 0x500 | 0x800; // LME, LMA, NXE
  readonly words = new Map<number, number>();
  readonly memory = {
    read32: (a: number): number => this.words.get(a) ?? 0,
    write32: (a: number, v: number): void => void this.words.set(a, v >>> 0),
  };
  entry(addr: number, lo: number, hi = 0): void {
    this.words.set(addr, lo >>> 0);
    this.words.set(addr + 4, hi >>> 0);
  }
}

const P = 1;
const W = 2;
const U = 4;
const A = 0x20;
const D = 0x40;
const PS = 0x80;
const NX = 0x80000000 | 0;

/** 4-level tables: PML4 at 0x1000, PDPT at 0x2000, PD at 0x3000, PT at 0x4000; VA 0x200000.. -> PT. */
function fourLevel(pteFlags: number, pteHi = 0): Tables {
  const t = new Tables();
  t.entry(0x1000, 0x2000 | P | W | U);
  t.entry(0x2000, 0x3000 | P | W | U);
  t.entry(0x3000 + 8, 0x4000 | P | W | U); // PD[1]: VA 2 MiB..4 MiB
  t.entry(0x4000 + 8 * 5, 0x9000 | pteFlags, pteHi); // VA 0x205000 -> PA 0x9000
  return t;
}

function run(t: Tables, lo: number, kind: Access, user: boolean, hi = 0): WalkResult {
  const w = new WalkResult();
  walk(t, lo, hi, kind, user, w);
  return w;
}

describe('x86-64 page walker', () => {
  it('translates a 4 KiB page and sets A on every level, D on a write', () => {
    const t = fourLevel(P | W | U);
    expect(run(t, 0x205123, Access.Read, false).pa).to.equal(0x9123);
    expect(t.words.get(0x4000 + 40)! & (A | D)).to.equal(A);
    expect(t.words.get(0x1000)! & A).to.equal(A);
    expect(run(t, 0x205123, Access.Write, true).pa).to.equal(0x9123);
    expect(t.words.get(0x4000 + 40)! & (A | D)).to.equal(A | D);
  });

  it('reports not-present faults with W/U/I in the error code', () => {
    const t = fourLevel(0);
    expect(run(t, 0x205000, Access.Write, true).error).to.equal(PFEC_W | PFEC_U);
    expect(run(t, 0x205000, Access.Exec, false).error).to.equal(PFEC_I);
    expect(run(t, 0x405000, Access.Read, false).error).to.equal(0); // PD[2] empty
  });

  it('applies R/W with CR0.WP, U/S and NX', () => {
    const ro = fourLevel(P | U);
    expect(run(ro, 0x205000, Access.Write, false).error).to.equal(PFEC_P | PFEC_W);
    ro.cr0 &= ~0x10000; // WP = 0: the supervisor may write
    expect(run(ro, 0x205000, Access.Write, false).pa).to.equal(0x9000);
    expect(run(ro, 0x205000, Access.Write, true).error).to.equal(PFEC_P | PFEC_W | PFEC_U);
    const sup = fourLevel(P | W);
    expect(run(sup, 0x205000, Access.Read, true).error).to.equal(PFEC_P | PFEC_U);
    const nx = fourLevel(P | W | U, NX);
    expect(run(nx, 0x205000, Access.Exec, false).error).to.equal(PFEC_P | PFEC_I);
    expect(run(nx, 0x205000, Access.Read, false).pa).to.equal(0x9000);
  });

  it('treats NX as reserved without EFER.NXE, and physical bits above 40 as reserved', () => {
    const nx = fourLevel(P | W, NX);
    nx.efer &= ~0x800;
    expect(run(nx, 0x205000, Access.Read, false).error).to.equal(PFEC_P | PFEC_RSVD);
    const wide = fourLevel(P | W, 0x100); // bit 40
    expect(run(wide, 0x205000, Access.Read, false).error).to.equal(PFEC_P | PFEC_RSVD);
  });

  it('maps 2 MiB pages from a PDE with PS, with bits 20:13 reserved', () => {
    const t = fourLevel(P);
    t.entry(0x3000 + 16, 0x800000 | P | W | PS); // PD[2]: VA 4 MiB -> PA 8 MiB
    expect(run(t, 0x412345, Access.Read, false).pa).to.equal(0x812345);
    t.entry(0x3000 + 16, 0x802000 | P | W | PS);
    expect(run(t, 0x412345, Access.Read, false).error).to.equal(PFEC_P | PFEC_RSVD);
  });

  it('maps 1 GiB pages from a PDPTE with PS, as QEMU 7.2 does for qemu64', () => {
    const t = fourLevel(P);
    t.entry(0x2000 + 8, 0x40000000 | P | W | PS); // PDPT[1]: VA 1 GiB -> PA 1 GiB
    expect(run(t, 0x40123456, Access.Read, false).pa).to.equal(0x40123456);
  });

  it('faults a non-canonical-free upper half through PML4[511]', () => {
    const t = fourLevel(P);
    t.entry(0x1000 + 8 * 511, 0x2000 | P | W);
    // 0xffffff80_00205000: PML4[511] -> PDPT[0] -> PD[1] -> PT[5]
    expect(run(t, 0x00205000, Access.Read, false, 0xffffff80 | 0).pa).to.equal(0x9000);
  });

  it('walks 32-bit paging with PSE 4 MiB pages and legacy PAE', () => {
    const t = new Tables();
    t.efer = 0;
    t.cr4 = 0x10; // PSE
    t.cr3Lo = 0x1000;
    t.words.set(0x1000 + 4, 0x00c00000 | P | W | PS); // PDE[1]: VA 4 MiB -> PA 12 MiB
    expect(run(t, 0x00412345, Access.Read, false).pa).to.equal(0x00c12345);
    t.words.set(0x1000 + 8, 0x5000 | P | W); // PDE[2] -> PT at 0x5000
    t.words.set(0x5000 + 4 * 3, 0x7000 | P); // VA 0x803000 -> 0x7000
    expect(run(t, 0x803abc, Access.Read, false).pa).to.equal(0x7abc);
    expect(run(t, 0x803abc, Access.Write, false).error).to.equal(PFEC_P | PFEC_W);
    const pae = new Tables();
    pae.efer = 0;
    pae.cr3Lo = 0x1020; // PDPT at 0x1020 (32-byte aligned)
    pae.entry(0x1020 + 8, 0x3000 | P); // PDPTE[1]: 1 GiB..2 GiB
    pae.entry(0x3000, 0x200000 | P | W | PS);
    expect(run(pae, 0x40000010, Access.Read, false).pa).to.equal(0x200010);
    pae.entry(0x1020 + 8, 0x3000 | P, NX); // NX in a PAE PDPTE is reserved
    expect(run(pae, 0x40000010, Access.Read, false).error).to.equal(PFEC_P | PFEC_RSVD);
  });

  it('is the identity with paging off', () => {
    const t = new Tables();
    t.cr0 = 1;
    expect(run(t, 0xdeadbeef, Access.Write, true).pa).to.equal(0xdeadbeef);
  });
});
