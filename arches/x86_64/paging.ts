/**
 * The page walker: legacy 32-bit paging (with PSE 4 MiB pages), PAE paging and 4-level
 * paging (2 MiB pages; 1 GiB pages are reserved because qemu64 does not advertise pdpe1gb),
 * with U/S, R/W, NX (when EFER.NXE), CR0.WP, accessed and dirty bits, reserved-bit checks
 * against the 40-bit physical address width qemu64 reports, and the #PF error code.
 * @module
 */

/** Access kinds. */
export const enum Access {
  Read = 0,
  Write = 1,
  Exec = 2,
}

/** #PF error code bits. */
export const PFEC_P = 1;
export const PFEC_W = 2;
export const PFEC_U = 4;
export const PFEC_RSVD = 8;
export const PFEC_I = 16;

/** Page-table entry bits (low word). */
const PTE_P = 1;
const PTE_RW = 2;
const PTE_US = 4;
const PTE_A = 0x20;
const PTE_D = 0x40;
const PTE_PS = 0x80;
const PTE_G = 0x100;

/** Physical address bits (CPUID 0x80000008 EAX[7:0] = 40): entry bits 51:40 are reserved. */
const PHYS_HI_RESERVED = 0x000fff00;
/** Bit 63 (NX) in the high word. */
const NX_HI = 0x80000000 | 0;

/** What the CPU exposes to the walker. */
export interface PagingState {
  cr0: number;
  cr3Lo: number;
  cr3Hi: number;
  cr4: number;
  efer: number;
  readonly memory: { read32(a: number): number; write32(a: number, v: number): void };
}

/** The outcome of a walk: physical page base or a #PF error code, and the rights of the page. */
export class WalkResult {
  /** Physical address of the byte, or -1 on a fault; -2 when it lies above 4 GiB (no memory there: reads 0, writes vanish). */
  pa = 0;
  /** #PF error code when pa === -1. */
  error = 0;
  /** The translation may be cached for user writes / user reads / supervisor writes / execution. */
  userRead = false;
  userWrite = false;
  supWrite = false;
  exec = false;
  /** The page may be written without setting D first. */
  dirty = false;
  global = false;
}

const CR0_PG = 0x80000000 | 0;
const CR0_WP = 0x10000;
const CR4_PSE = 0x10;
const CR4_PAE = 0x20;
const CR4_PGE = 0x80;
const EFER_NXE = 0x800;
const EFER_LMA = 0x400;

/**
 * Translate linear address (lo, hi) for an access of `kind` at user (CPL 3) or supervisor
 * privilege. Sets accessed/dirty bits as hardware does. Fills `w`; `w.pa = -1` means a page
 * fault with error code `w.error`.
 */
export function walk(s: PagingState, lo: number, hi: number, kind: Access, user: boolean, w: WalkResult): void {
  lo = lo >>> 0;
  if ((s.cr0 & CR0_PG) === 0) {
    w.pa = lo;
    w.userRead = w.userWrite = w.supWrite = w.exec = w.dirty = true;
    w.global = false;
    return;
  }
  const mem = s.memory;
  const nxe = (s.efer & EFER_NXE) !== 0;
  const wp = (s.cr0 & CR0_WP) !== 0;
  // Rights accumulate across levels: AND of R/W and U/S, OR of XD.
  let rw = PTE_RW;
  let us = PTE_US;
  let nx = 0;
  let pageBase = 0; // physical address of the 4 KiB page (low 32 bits; higher bits fault below)
  let pteAddr = 0;
  let pteLo = 0;
  let global = false;
  // I/D is reported for fetches when NX is in use (PAE or 4-level paging with EFER.NXE), as QEMU does.
  const errBase = (kind === Access.Write ? PFEC_W : 0) | (user ? PFEC_U : 0) | (kind === Access.Exec && nxe && (s.cr4 & CR4_PAE) !== 0 ? PFEC_I : 0);
  const notPresent = (): void => {
    w.pa = -1;
    w.error = errBase;
  };
  const reserved = (): void => {
    w.pa = -1;
    w.error = errBase | PFEC_P | PFEC_RSVD;
  };
  // Entries as (lo, hi) words; hi checked for reserved physical bits and NX.
  const rsvdHi = (eh: number): boolean => (eh & PHYS_HI_RESERVED) !== 0 || (!nxe && (eh & NX_HI) !== 0);

  if ((s.cr4 & CR4_PAE) === 0) {
    // ---- 32-bit paging ----
    const pdeAddr = ((s.cr3Lo & ~0xfff) + ((lo >>> 22) << 2)) >>> 0;
    const pde = mem.read32(pdeAddr);
    if ((pde & PTE_P) === 0) return notPresent();
    if ((pde & PTE_PS) !== 0 && (s.cr4 & CR4_PSE) !== 0) {
      // 4 MiB page: bits 20:13 are physical bits 39:32 (none of which has memory here); bit 21 reserved.
      if ((pde & 0x200000) !== 0) return reserved();
      rw = pde & PTE_RW;
      us = pde & PTE_US;
      if (!check()) return;
      let e = pde | PTE_A;
      if (kind === Access.Write) e |= PTE_D;
      if (e !== pde) mem.write32(pdeAddr, e >>> 0);
      global = (pde & PTE_G) !== 0 && (s.cr4 & CR4_PGE) !== 0;
      if ((pde & 0x1fe000) !== 0) return finish(-2, e, global);
      return finish(((pde & 0xffc00000) | (lo & 0x3ff000)) >>> 0, e, global);
    }
    if ((pde & PTE_A) === 0) mem.write32(pdeAddr, (pde | PTE_A) >>> 0);
    rw = pde & PTE_RW;
    us = pde & PTE_US;
    pteAddr = ((pde & 0xfffff000) + (((lo >>> 12) & 0x3ff) << 2)) >>> 0;
    pteLo = mem.read32(pteAddr);
    if ((pteLo & PTE_P) === 0) return notPresent();
    rw &= pteLo;
    us &= pteLo;
    if (!check()) return;
    global = (pteLo & PTE_G) !== 0 && (s.cr4 & CR4_PGE) !== 0;
    pageBase = (pteLo & 0xfffff000) >>> 0;
  } else {
    let tableLo: number;
    if ((s.efer & EFER_LMA) !== 0) {
      // ---- 4-level paging ----
      // PML4E
      // Tables above 4 GiB read as zeros (no memory there): not present.
      if ((s.cr3Hi & 0xff) !== 0) return notPresent();
      const pml4Addr = ((s.cr3Lo & ~0xfff) + (((hi >>> 7) & 0x1ff) << 3)) >>> 0;
      const e4 = mem.read32(pml4Addr);
      const e4h = mem.read32(pml4Addr + 4);
      if ((e4 & PTE_P) === 0) return notPresent();
      if (rsvdHi(e4h) || (e4 & PTE_PS) !== 0) return reserved();
      if ((e4 & PTE_A) === 0) mem.write32(pml4Addr, (e4 | PTE_A) >>> 0);
      rw &= e4;
      us &= e4;
      nx |= e4h & NX_HI;
      tableLo = e4 & 0xfffff000;
      if ((e4h & 0xff) !== 0) return notPresent();
      // PDPTE. PS maps a 1 GiB page: CPUID of qemu64 has no Page1GB, but QEMU 7.2 maps it anyway
      // (the guests print QEMU's result; docs/arch-x86_64.md).
      const pdptAddr = ((tableLo >>> 0) + (((lo >>> 30) | ((hi & 0x7f) << 2)) & 0x1ff) * 8) >>> 0;
      const e3 = mem.read32(pdptAddr);
      const e3h = mem.read32(pdptAddr + 4);
      if ((e3 & PTE_P) === 0) return notPresent();
      if (rsvdHi(e3h)) return reserved();
      if ((e3 & PTE_PS) !== 0) {
        if ((e3 & 0x3fffe000) !== 0) return reserved(); // bits 29:13 of a 1 GiB PDPTE
        rw &= e3;
        us &= e3;
        nx |= e3h & NX_HI;
        if (!check()) return;
        let e = e3 | PTE_A;
        if (kind === Access.Write) e |= PTE_D;
        if (e !== e3) mem.write32(pdptAddr, e >>> 0);
        global = (e3 & PTE_G) !== 0 && (s.cr4 & CR4_PGE) !== 0;
        if ((e3h & 0xff) !== 0) return finish(-2, e, global);
        return finish(((e3 & 0xc0000000) | (lo & 0x3ffff000)) >>> 0, e, global);
      }
      if ((e3 & PTE_A) === 0) mem.write32(pdptAddr, (e3 | PTE_A) >>> 0);
      rw &= e3;
      us &= e3;
      nx |= e3h & NX_HI;
      tableLo = e3 & 0xfffff000;
      if ((e3h & 0xff) !== 0) return notPresent();
    } else {
      // ---- PAE: PDPTE (bits 62:40 and NX reserved; QEMU leaves bits 1, 2 and 5-8 unchecked) ----
      const pdptAddr = ((s.cr3Lo & ~0x1f) + ((lo >>> 30) << 3)) >>> 0;
      const e3 = mem.read32(pdptAddr);
      const e3h = mem.read32(pdptAddr + 4);
      if ((e3 & PTE_P) === 0) return notPresent();
      if ((e3h & (PHYS_HI_RESERVED | 0x7ff00000 | NX_HI)) !== 0) return reserved();
      tableLo = e3 & 0xfffff000;
      if ((e3h & 0xff) !== 0) return notPresent();
    }
    // PDE
    const pdAddr = ((tableLo >>> 0) + ((lo >>> 21) & 0x1ff) * 8) >>> 0;
    const e2 = mem.read32(pdAddr);
    const e2h = mem.read32(pdAddr + 4);
    if ((e2 & PTE_P) === 0) return notPresent();
    if (rsvdHi(e2h)) return reserved();
    rw &= e2;
    us &= e2;
    nx |= e2h & NX_HI;
    if ((e2 & PTE_PS) !== 0) {
      if ((e2 & 0x1fe000) !== 0) return reserved(); // bits 20:13 of a 2 MiB PDE
      if (!check()) return;
      let e = e2 | PTE_A;
      if (kind === Access.Write) e |= PTE_D;
      if (e !== e2) mem.write32(pdAddr, e >>> 0);
      global = (e2 & PTE_G) !== 0 && (s.cr4 & CR4_PGE) !== 0;
      if ((e2h & 0xff) !== 0) return finish(-2, e, global);
      return finish(((e2 & 0xffe00000) | (lo & 0x1ff000)) >>> 0, e, global);
    }
    if ((e2 & PTE_A) === 0) mem.write32(pdAddr, (e2 | PTE_A) >>> 0);
    if ((e2h & 0xff) !== 0) return notPresent();
    // PTE
    pteAddr = ((e2 & 0xfffff000) + ((lo >>> 12) & 0x1ff) * 8) >>> 0;
    pteLo = mem.read32(pteAddr);
    const pteHi = mem.read32(pteAddr + 4);
    if ((pteLo & PTE_P) === 0) return notPresent();
    if (rsvdHi(pteHi)) return reserved();
    rw &= pteLo;
    us &= pteLo;
    nx |= pteHi & NX_HI;
    if (!check()) return;
    global = (pteLo & PTE_G) !== 0 && (s.cr4 & CR4_PGE) !== 0;
    if ((pteHi & 0xff) !== 0) {
      setPteBits();
      return finish(-2, pteLo | PTE_A | (kind === Access.Write ? PTE_D : 0), global);
    }
    pageBase = (pteLo & 0xfffff000) >>> 0;
  }
  setPteBits();
  finish(pageBase, pteLo | PTE_A | (kind === Access.Write ? PTE_D : 0), global);

  function setPteBits(): void {
    let e = pteLo | PTE_A;
    if (kind === Access.Write) e |= PTE_D;
    if (e !== pteLo) mem.write32(pteAddr, e >>> 0);
  }

  /** Permission check with the combined rights; sets the protection fault when denied. */
  function check(): boolean {
    let ok: boolean;
    if (kind === Access.Exec) ok = (nx === 0 || !nxe) && (!user || us !== 0);
    else if (user) ok = us !== 0 && (kind === Access.Read || rw !== 0);
    else ok = kind === Access.Read || rw !== 0 || !wp;
    if (!ok) {
      w.pa = -1;
      w.error = errBase | PFEC_P;
    }
    return ok;
  }

  function finish(page: number, finalEntry: number, g: boolean): void {
    const exec = nx === 0 || !nxe;
    w.pa = page < 0 ? page : (page | (lo & 0xfff)) >>> 0;
    w.userRead = us !== 0;
    w.userWrite = us !== 0 && rw !== 0;
    w.supWrite = rw !== 0 || !wp;
    w.exec = exec;
    w.dirty = (finalEntry & PTE_D) !== 0;
    w.global = g;
  }
}
