import { CpuBase, SYNC_ACQUIRE_RELEASE, SyncEvents, type CpuContext, type RegisterFile, type Signal } from '../../src/api/index.js';
import type { AddressSpace, SavedState } from '../../src/api/index.js';
import { restoreSparc, saveSparc } from './cpu-state.js';
import { FCC_TAKEN, ICC_TAKEN } from './conditions.js';
import { DecodedPage, decodeInto } from './decoder.js';
import { FSR_LDFSR_MASK, SparcFpu } from './fpu/fpu.js';
import { LeonAsi, isMemoryAsi } from './leon-asi.js';
import { Op } from './ops.js';
import { parseSparcOptions, type SparcOptions } from './options.js';
import { SparcRegisters } from './registers.js';
import { SparcDebug } from './debug.js';
import { TT, trapName } from './traps.js';
import { type SparcRegion, compileSparcRegion } from './translate/region.js';

/** PSR.impl = 0xF, PSR.ver = 3: LEON3 as QEMU reports it. */
const PSR_IMPL_VER = 0xf3000000 | 0;
/** Exit status when error mode ends the run (QEMU aborts: 128 + SIGABRT). */
const ERROR_MODE_EXIT_STATUS = 134;
/**
 * Instructions per translated block and per region at most, pages per region. V8 compiles
 * small functions much faster; measured on the bench guests (PERFORMANCE-NOTES.md).
 */
const BLOCK_LIMIT = 32;
const REGION_LIMIT = 64;
const REGION_PAGES = 4;

/**
 * SPARC V8 integer unit as on LEON3, with the FPU. Code is translated into JavaScript per
 * region of chained blocks (`translate/`); an interpreter over instructions decoded once per
 * physical address is the reference mode (`translate: false`) and runs what the translator
 * leaves to it (RETT, branches in delay slots, the end of a budget, odd PC/nPC pairs). See
 * PERFORMANCE-NOTES.md for the design and measurements.
 *
 * The register file is one Int32Array: g0-g7 at 0..7, then window w at w*16 + 8..31 (outs,
 * locals, ins). The ins of window w are the outs of window w+1, so register r >= 8 of the
 * current window sits at `wb + r` with wb = CWP*16. The last window's ins would run past the
 * end; they live in 8 extra slots that are copied to and from window 0's outs when CWP enters
 * or leaves NWINDOWS-1.
 */
export class SparcCpu extends CpuBase {
  readonly opts: SparcOptions;
  readonly nwindows: number;
  /** WIM bits that exist (one per window). */
  private readonly wimMask: number;
  readonly r: Int32Array;
  /** Window base: CWP * 16. */
  wb = 0;
  cwp = 0;
  pcv = 0;
  npcv = 4;
  /** icc as N<<3 | Z<<2 | V<<1 | C. */
  icc = 0;
  ef = 0;
  pil = 0;
  s = 1;
  ps = 1;
  et = 0;
  wim = 1;
  /** Trap base address and tt (the whole %tbr). */
  tbr = 0;
  y = 0;
  /** Interrupt request level from the IRQMP. */
  irl = 0;
  /** irl is non-zero, traps are enabled and the level beats PIL (or is 15). */
  irqPending = false;
  /** Set by cold helpers when they touched a device, so the run loop re-checks interrupts. */
  private ioBreak = false;
  /** Trap type of the error-mode entry, for tests and diagnostics (0: none). */
  errorModeTrap = 0;

  // ---- translated code and the run ----
  /** Non-zero asks generated code to return to the run loop at the next block (or after a device access). */
  brk = 0;
  /** Cycles left in the run, as generated code counts them (stored before calls that may read the time). */
  left = 0;
  /** A slow path of generated code raised this trap type (0: none); the code takes it. */
  raised = 0;
  /** Generated code stopped in front of an instruction for the interpreter. */
  interp = 0;
  private inRegion = false;
  private runEnd = 0;
  private readonly translate: boolean;
  private readonly regionPages = new Map<number, RegionPage>();
  private codeSize = 0;
  private regionCount = 0;
  private readonly codeCacheLimit: number;

  readonly fpu = new SparcFpu();
  readonly asi: LeonAsi;
  readonly registers: RegisterFile;
  /** This CPU's view of the bus (generated code reads its page maps). */
  readonly mem: AddressSpace;
  /** Where STBAR, LDSTUB/SWAP/CASA and taken interrupts are reported (the race detector listens; generated code too). */
  readonly sync: SyncEvents;
  private readonly intack: Signal;
  private readonly pages = new Map<number, DecodedPage>();
  private readonly scratchPage = new DecodedPage();
  private readonly trapUnmapped: boolean;
  /** Debugger control; `debugActive` is true while a breakpoint is set or a step is asked for. */
  readonly debugControl: SparcDebug = new SparcDebug(this);
  debugActive = false;

  constructor(ctx: CpuContext) {
    super(ctx, 'sparc', false);
    this.opts = parseSparcOptions(ctx.options, ctx.index);
    this.nwindows = this.opts.nwindows;
    this.wimMask = this.nwindows === 32 ? -1 : (1 << this.nwindows) - 1;
    this.r = new Int32Array(this.nwindows * 16 + 16);
    this.mem = ctx.memory;
    this.sync = ctx.sync ?? new SyncEvents();
    this.trapUnmapped = this.opts.unmappedAccess === 'trap';
    this.translate = this.opts.translate;
    this.codeCacheLimit = this.opts.codeCacheLimit;
    this.asi = new LeonAsi((m) => ctx.log.warn(`${ctx.id}: ${m}`));
    this.registers = new SparcRegisters(this);
    this.intack = this.createOutput('intack');
    this.inputs.set('irl', (level) => this.setIrl(level));
    this.mem.codeWriteHook = (address, size) => this.invalidate(address, size);
    this.resetState();
  }

  get pc(): number {
    return this.pcv >>> 0;
  }

  // ---- state, windows, PSR ----

  private resetState(): void {
    this.r.fill(0);
    this.cwp = 0;
    this.wb = 0;
    this.pcv = 0;
    this.npcv = 4;
    this.icc = 0;
    this.ef = 0;
    this.pil = 0;
    this.s = 1;
    this.ps = 1;
    this.et = 0;
    this.wim = 1;
    this.tbr = 0;
    this.y = 0;
    this.errorModeTrap = 0;
    this.fpu.reset();
    this.asi.reset();
    this.pages.clear();
    this.flushRegions();
    if (this.opts.resetSp !== undefined) this.r[14] = this.opts.resetSp | 0; // %o6 of window 0
    this.updateIrq();
  }

  /** Snapshot state (see cpu-state.ts). */
  saveState(): SavedState {
    return { ...this.saveRunState(), ...saveSparc(this) };
  }

  /** Put saved state back; decoded instructions are dropped (a cache, not state). */
  restoreState(state: SavedState): void {
    restoreSparc(this, state);
    this.restoreRunState(state);
    this.flushDecodeCache();
    this.ioBreak = false;
  }

  reset(start: boolean): void {
    this.resetState();
    this.setState(start ? 'running' : 'stopped');
  }

  setEntry(pc: number): void {
    this.pcv = pc | 0;
    this.npcv = (pc + 4) | 0;
  }

  /** Start a stopped core (IRQMP MPSTAT): at its reset PC, or at `entry` if given. */
  powerOn(entry?: number): void {
    if (entry !== undefined) this.setEntry(entry);
    if (this.state === 'stopped') this.setState('running');
  }

  /** Switch to window `n`, keeping the wrap-around slots of the last window coherent. */
  setCwp(n: number): void {
    const last = this.nwindows - 1;
    const r = this.r;
    const extra = this.nwindows * 16 + 8;
    if (this.cwp === last && n !== last) r.copyWithin(8, extra, extra + 8);
    else if (n === last && this.cwp !== last) r.copyWithin(extra, 8, 16);
    this.cwp = n;
    this.wb = n * 16;
  }

  getPsr(): number {
    return PSR_IMPL_VER | (this.icc << 20) | (this.ef << 12) | (this.pil << 8) | (this.s << 7) | (this.ps << 6) | (this.et << 5) | this.cwp;
  }

  /** WRPSR semantics; returns a trap type for a CWP beyond NWINDOWS. */
  setPsr(v: number): number {
    if ((v & 31) >= this.nwindows) return TT.Illegal;
    this.icc = (v >>> 20) & 15;
    this.ef = (v >>> 12) & 1;
    this.pil = (v >>> 8) & 15;
    const before = this.s;
    this.s = (v >>> 7) & 1;
    this.reportMode(before);
    this.ps = (v >>> 6) & 1;
    this.et = (v >>> 5) & 1;
    this.setCwp(v & 31);
    this.updateIrq();
    return 0;
  }

  /** Read register r (0..31) of the current window. */
  reg(r: number): number {
    return this.r[r < 8 ? r : this.wb + r];
  }

  setReg(r: number, v: number): void {
    if (r === 0) return;
    this.r[r < 8 ? r : this.wb + r] = v;
  }

  /** %asr17: processor index, V8 mul/div present, NWINDOWS-1 (QEMU's LEON3 value plus the index). */
  get asr17(): number {
    return (this.opts.index << 28) | (1 << 8) | (this.nwindows - 1);
  }

  // ---- interrupts ----

  private setIrl(level: number): void {
    this.irl = level & 15;
    this.updateIrq();
    // QEMU wakes a powered-down LEON3 on any request while traps are enabled, whatever PIL says.
    if (this.state === 'idle' && this.irl !== 0 && this.et) this.setState('running');
  }

  updateIrq(): void {
    const l = this.irl;
    this.irqPending = l !== 0 && this.et === 1 && (l > this.pil || l === 15);
    if (this.irqPending) this.brk = 1;
  }

  /** Return to the run loop at the next instruction boundary, and leave `run` there. */
  override requestExit(): void {
    this.exitRequested = true;
    this.brk = 1;
  }

  /** Take the pending interrupt trap and acknowledge it to the interrupt controller. */
  private takeInterrupt(): void {
    const level = this.irl;
    this.trap(TT.Interrupt + level);
    this.sync.observer?.interruptTaken(this.index);
    this.intack.set(level);
    this.intack.set(0);
  }

  // ---- traps ----

  /** Enter trap `tt` from the current pcv/npcv, or error mode when traps are disabled. */
  trap(tt: number): void {
    if (!this.et) {
      this.errorMode(tt);
      return;
    }
    this.et = 0;
    this.ps = this.s;
    this.s = 1;
    this.setCwp(this.cwp === 0 ? this.nwindows - 1 : this.cwp - 1);
    this.r[this.wb + 17] = this.pcv; // %l1
    this.r[this.wb + 18] = this.npcv; // %l2
    const from = this.pcv;
    this.tbr = (this.tbr & ~0xff0) | (tt << 4);
    this.pcv = this.tbr;
    this.npcv = (this.tbr + 4) | 0;
    this.updateIrq();
    if (this.eventHook !== null) this.reportTrap(tt, from);
  }

  /** `--trace-events`: the trap just taken, and the switch to supervisor mode it made. */
  private reportTrap(tt: number, from: number): void {
    const hook = this.eventHook!;
    hook.exception(`trap 0x${tt.toString(16).padStart(2, '0')}`, from >>> 0, this.pcv >>> 0, { tt: trapName(tt) });
    if (!this.ps) hook.modeChange('user', 'supervisor');
  }

  /** `--trace-events`: PSR.S changed by RETT or WRPSR. */
  private reportMode(before: number): void {
    if (this.eventHook !== null && before !== this.s) this.eventHook.modeChange(before ? 'supervisor' : 'user', this.s ? 'supervisor' : 'user');
  }

  private errorMode(tt: number): void {
    this.errorModeTrap = tt;
    const machine = this.ctx.machine;
    this.setState('stopped');
    if (tt === TT.TrapInstruction && this.opts.ta0Shutdown) {
      machine.exit(0, `${this.id}: ta 0 with traps disabled (LEON3 shutdown)`);
      return;
    }
    const msg = `${this.id}: trap 0x${tt.toString(16).padStart(2, '0')} (${trapName(tt)}) while traps disabled, error mode at pc 0x${(this.pcv >>> 0).toString(16)}`;
    // `ta 0` with traps off is how LEON3 software stops a core on purpose: not worth a warning.
    if (tt === TT.TrapInstruction) this.ctx.log.info(msg);
    else this.ctx.log.warn(msg);
    if (this.opts.errorModeShutsDownMachine) machine.exit(ERROR_MODE_EXIT_STATUS, msg);
  }

  // ---- decoded-instruction cache ----

  private invalidate(address: number, size: number): void {
    const end = address + size;
    for (let a = address & ~3; a < end; a += 4) {
      const pg = this.pages.get(a >>> 12);
      if (pg) pg.ops[(a >>> 2) & 1023] = Op.Undecoded;
    }
    // Translated regions holding a written instruction; running code leaves at the next block.
    for (let page = address >>> 12; page <= (end - 1) >>> 12; page++) {
      const rp = this.regionPages.get(page);
      if (rp === undefined) continue;
      for (let a = Math.max(address, page * 4096); a < Math.min(end, page * 4096 + 4096); a += 4) rp.noRegion[(a & 0xfff) >>> 2] = 0;
      for (let r = rp.regions.length - 1; r >= 0; r--) {
        const region = rp.regions[r];
        if (!overlaps(region, address, end)) continue;
        for (const pa of region.blockPa) this.regionPages.get(pa >>> 12)?.forget(region);
        this.codeSize -= region.size;
        if (this.inRegion) this.brk = 1;
      }
    }
  }

  /** Drop every decoded instruction and translated region (tests, debuggers writing memory behind the bus). */
  flushDecodeCache(): void {
    this.pages.clear();
    this.flushRegions();
  }

  private flushRegions(): void {
    this.regionPages.clear();
    this.codeSize = 0;
    this.regionCount = 0;
  }

  /** The region with a block starting at `pa` (its block in `foundBlock`), translating one if needed; null: interpret. */
  private findRegion(pa: number, translateNew: boolean): SparcRegion | null {
    const page = pa >>> 12;
    let rp = this.regionPages.get(page);
    const slot = (pa & 0xfff) >>> 2;
    if (rp !== undefined) {
      const r = rp.slots[slot];
      if (r !== undefined) {
        this.foundBlock = rp.blocks[slot];
        return r;
      }
      if (rp.noRegion[slot]) return null;
    }
    if (!translateNew) return null;
    // Translate only code that runs often: the interpreter is cheaper for code that runs a few times.
    if (rp === undefined) {
      rp = new RegionPage();
      this.regionPages.set(page, rp);
    }
    // Compiling a region costs as much as interpreting a few million instructions, so only
    // code that runs that often is worth it (option hotThreshold, default 20000 arrivals).
    if (rp.heat[slot] < this.opts.hotThreshold) {
      rp.heat[slot]++;
      return null;
    }
    const region = compileSparcRegion(this.mem, pa, { nwindows: this.nwindows, blockLimit: BLOCK_LIMIT, maxInstructions: REGION_LIMIT, maxPages: REGION_PAGES });
    if (rp === undefined) {
      rp = new RegionPage();
      this.regionPages.set(page, rp);
    }
    if (region === null) {
      rp.noRegion[slot] = 1; // its first instruction is for the interpreter
      this.mem.markCode(pa >>> 0, 4);
      return null;
    }
    // Past the limit everything translated is dropped and translated again as it runs.
    if (this.codeSize + region.size > this.codeCacheLimit || ++this.regionCount > this.codeCacheLimit >>> 3 || this.regionPages.size > this.codeCacheLimit >>> 8) {
      this.flushRegions();
      this.regionCount = 1;
      rp = new RegionPage();
      this.regionPages.set(page, rp);
    }
    this.codeSize += region.size;
    for (let i = 0; i < region.blockPa.length; i++) {
      const bpa = region.blockPa[i];
      let p = this.regionPages.get(bpa >>> 12);
      if (p === undefined) {
        p = new RegionPage();
        this.regionPages.set(bpa >>> 12, p);
      }
      if (!p.regions.includes(region)) p.regions.push(region);
      if (bpa >>> 12 === page) p.claim(region, i, bpa === pa >>> 0);
      // The delay slot of a block's last instruction may lie one word beyond its length.
      this.mem.markCode(bpa, 4 * region.lengths[i] + 4);
    }
    this.foundBlock = 0;
    return region;
  }

  private foundBlock = 0;

  /** Device and timer reads inside generated code see this CPU's exact local time. */
  private syncCycles(): void {
    if (this.inRegion) this.cycles = this.runEnd - this.left;
  }

  /** Generated code takes trap `tt` for the instruction at (pc, npc) with condition codes `icc`. */
  trapAt(pc: number, npc: number, tt: number, icc: number, left: number): void {
    this.pcv = pc;
    this.npcv = npc;
    this.icc = icc;
    this.left = left;
    this.syncCycles();
    this.trap(tt);
  }

  /** The trap type a slow path raised, cleared. */
  takeRaised(): number {
    const tt = this.raised;
    this.raised = 0;
    return tt;
  }

  /** Slow path of an inline load in generated code: a device, ROM beyond the page map, or an unmapped address (sets `raised`). */
  slowLoad(a: number, size: number): number {
    this.syncCycles();
    const mem = this.mem;
    mem.faulted = false;
    const v = size === 4 ? mem.read32(a) | 0 : size === 2 ? mem.read16(a) : mem.read8(a);
    if (mem.faulted) {
      mem.faulted = false;
      if (this.trapUnmapped) this.raised = TT.DataAccess;
    }
    return v;
  }

  /** Slow path of an inline store in generated code (code pages, ROM, devices, unmapped). */
  slowStore(a: number, size: number, v: number): void {
    this.syncCycles();
    const mem = this.mem;
    mem.faulted = false;
    if (size === 4) mem.write32(a, v >>> 0);
    else if (size === 2) mem.write16(a, v & 0xffff);
    else mem.write8(a, v & 0xff);
    if (mem.faulted) {
      mem.faulted = false;
      if (this.trapUnmapped) this.raised = TT.DataAccess;
    }
  }

  /** The decoded page for a fetch from RAM/ROM, or null when pc is not in memory. */
  private codePage(pc: number): DecodedPage | null {
    const p = pc >>> 12;
    if (this.mem.readIndex[p] === 0) return null;
    let pg = this.pages.get(p);
    if (pg === undefined) {
      // Bounded like the translated code: past as many pages, decoding starts over.
      if (this.pages.size >= this.codeCacheLimit >>> 8) this.pages.clear();
      pg = new DecodedPage();
      this.pages.set(p, pg);
    }
    return pg;
  }

  /** Instructions translated and kept in the region cache, and decoded pages kept (tests of the bounds). */
  get codeCacheUse(): { instructions: number; regionPages: number; decodedPages: number } {
    return { instructions: this.codeSize, regionPages: this.regionPages.size, decodedPages: this.pages.size };
  }

  /** Fetch from a device or an unmapped address: decode into the scratch page, uncached. */
  private fetchUncached(pc: number): boolean {
    const mem = this.mem;
    mem.faulted = false;
    const w = mem.read32(pc >>> 0);
    if (mem.faulted) {
      mem.faulted = false;
      if (this.trapUnmapped) return false;
    }
    decodeInto(w | 0, this.scratchPage, (pc >>> 2) & 1023);
    return true;
  }

  // ---- the interpreter ----

  /**
   * Execute up to `budget` cycles (one per instruction), never more. Translated regions run
   * while their blocks fit in what is left; the interpreter takes the rest.
   */
  run(budget: number): number {
    return this.debugActive ? this.runDebug(budget) : this.runTranslated(budget);
  }

  /** While debugging: one instruction at a time, a breakpoint check before each (see `SparcDebug`). */
  private runDebug(budget: number): number {
    this.exitRequested = false;
    const c0 = this.cycles;
    while (this.cycles - c0 < budget && this.state === 'running') {
      if (this.debugControl.stopsBefore(this.pcv)) break;
      // interpret counts instructions itself only without the translator (runTranslated does otherwise).
      const n = this.interpret(1);
      if (this.translate) this.instructions += n;
      if (this.debugControl.stopsAfter() || this.exitRequested) break;
    }
    return this.cycles - c0;
  }

  /** Translated regions while their blocks fit in what is left; the interpreter takes the rest. */
  private runTranslated(budget: number): number {
    this.exitRequested = false;
    if (this.state !== 'running' || budget <= 0) return 0;
    if (!this.translate) return this.interpret(budget);
    const start = this.cycles;
    this.runEnd = start + budget;
    let left = budget;
    while (left > 0 && !this.exitRequested && this.state === 'running') {
      this.brk = 0;
      let region: SparcRegion | null = null;
      if (!this.irqPending && this.npcv === ((this.pcv + 4) | 0) && this.mem.readIndex[this.pcv >>> 12] !== 0) {
        region = this.findRegion(this.pcv >>> 0, left >= BLOCK_LIMIT);
        if (region !== null && region.lengths[this.foundBlock] > left) region = null;
      }
      if (region === null) {
        // The interpreter: code not hot yet (up to the next jump), interrupts, odd PC/nPC pairs,
        // RETT, DCTI couples, budget tails.
        this.cycles = start + (budget - left);
        left -= this.interpret(left, true);
        continue;
      }
      this.left = left;
      this.inRegion = true;
      region.fn(this, this.foundBlock);
      this.inRegion = false;
      left = this.left;
      this.cycles = start + (budget - left);
      if (this.interp !== 0) {
        this.interp = 0;
        if (left > 0 && !this.exitRequested) left -= this.interpret(1);
      }
    }
    const used = budget - left;
    this.cycles = start + used;
    this.instructions += used;
    return used;
  }

  /**
   * The reference interpreter: up to `budget` instructions, exactly. Used on its own with
   * `translate: false`, and by `run` for what the translator leaves to it.
   */
  interpret(budget: number, untilJump = false): number {
    const R = this.r;
    const mem = this.mem;
    const rix = mem.readIndex, wix = mem.writeIndex, views = mem.views, bases = mem.bases, gates = mem.gates;
    const c0 = this.cycles, i0 = this.instructions;
    let pc = this.pcv, npc = this.npcv, icc = this.icc, wb = this.wb;
    let n = 0;
    let pageNo = -1;
    let ops = this.scratchPage.ops, words = this.scratchPage.words, imms = this.scratchPage.imm;

    // Only this core's own calls (device accesses, traps, ASR writes) can change interrupt or
    // run state while it runs, so the inner loop leaves to re-check them after those only.
    outer: while (n < budget) {
      if (this.irqPending) {
        this.pcv = pc; this.npcv = npc; this.icc = icc;
        this.takeInterrupt();
        pc = this.pcv; npc = this.npcv; icc = this.icc; wb = this.wb;
      }
      if (this.exitRequested) break;
      let expect = pc;
      inner: while (n < budget) {
        // With `untilJump`, stop where control arrived by a jump: a likely entry of translated code.
        if (pc !== expect && untilJump) break outer;
        expect = (pc + 4) | 0;
        let tt = 0;
        exec: {
          if (pc >>> 12 !== pageNo) {
            const pg = this.codePage(pc);
            if (pg !== null) {
              pageNo = pc >>> 12;
              ops = pg.ops; words = pg.words; imms = pg.imm;
            } else {
              pageNo = -1;
              ops = this.scratchPage.ops; words = this.scratchPage.words; imms = this.scratchPage.imm;
              this.cycles = c0 + n;
              n++;
              if (!this.fetchUncached(pc)) { tt = TT.InstructionAccess; break exec; }
              this.ioBreak = true;
            }
          }
          const i = (pc >>> 2) & 1023;
          let op = ops[i];
          if (op === Op.Undecoded) {
            decodeInto(mem.read32(pc >>> 0) | 0, this.pagesGet(pc), i);
            mem.markCode(pc >>> 0, 4);
            op = ops[i];
          }
          if (pageNo !== -1) n++;
          const w = words[i];
          switch (op) {
            case Op.Nop:
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            case Op.Sethi: {
              const rd = (w >>> 25) & 31;
              R[rd < 8 ? rd : wb + rd] = imms[i]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.Bicc:
              if (ICC_TAKEN[((w >>> 21) & 0xf0) | icc]) {
                const t = (pc + imms[i]) | 0;
                pc = npc; npc = t;
              } else if (w & 0x20000000) {
                pc = (npc + 4) | 0; npc = (npc + 8) | 0;
              } else {
                pc = npc; npc = (npc + 4) | 0;
              }
              continue inner;
            case Op.Ba: {
              const t = (pc + imms[i]) | 0;
              pc = npc; npc = t;
              continue inner;
            }
            case Op.BaA:
              pc = (pc + imms[i]) | 0; npc = (pc + 4) | 0;
              continue inner;
            case Op.Bn:
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            case Op.BnA:
              pc = (npc + 4) | 0; npc = (npc + 8) | 0;
              continue inner;
            case Op.Call: {
              R[wb + 15] = pc;
              const t = (pc + imms[i]) | 0;
              pc = npc; npc = t;
              continue inner;
            }
            case Op.Fbfcc: {
              if (!this.ef) { tt = TT.FpDisabled; break exec; }
              const cond = (w >>> 25) & 15;
              if (FCC_TAKEN[(cond << 2) | this.fpu.fcc]) {
                const t = (pc + imms[i]) | 0;
                if (cond === 8 && w & 0x20000000) { pc = t; npc = (t + 4) | 0; } else { pc = npc; npc = t; }
              } else if (w & 0x20000000) {
                pc = (npc + 4) | 0; npc = (npc + 8) | 0;
              } else {
                pc = npc; npc = (npc + 4) | 0;
              }
              continue inner;
            }

            // ---- ALU, register and immediate forms ----
            case Op.AddR: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31, b = w & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] + R[b < 8 ? b : wb + b]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.AddI: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] + imms[i]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.AddccR: case Op.AddccI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = R[ra < 8 ? ra : wb + ra];
              const b = op === Op.AddccI ? imms[i] : R[rb < 8 ? rb : wb + rb];
              const res = (a + b) | 0;
              icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | ((~(a ^ b) & (a ^ res)) >>> 30 & 2) | ((res >>> 0) < (a >>> 0) ? 1 : 0);
              R[rd < 8 ? rd : wb + rd] = res; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.SubR: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31, b = w & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] - R[b < 8 ? b : wb + b]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.SubI: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] - imms[i]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.SubccR: case Op.SubccI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = R[ra < 8 ? ra : wb + ra];
              const b = op === Op.SubccI ? imms[i] : R[rb < 8 ? rb : wb + rb];
              const res = (a - b) | 0;
              icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (((a ^ b) & (a ^ res)) >>> 30 & 2) | ((a >>> 0) < (b >>> 0) ? 1 : 0);
              R[rd < 8 ? rd : wb + rd] = res; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.AndR: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31, b = w & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] & R[b < 8 ? b : wb + b]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.AndI: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] & imms[i]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.OrR: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31, b = w & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] | R[b < 8 ? b : wb + b]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.OrI: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] | imms[i]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.XorR: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31, b = w & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] ^ R[b < 8 ? b : wb + b]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.XorI: {
              const rd = (w >>> 25) & 31, a = (w >>> 14) & 31;
              R[rd < 8 ? rd : wb + rd] = R[a < 8 ? a : wb + a] ^ imms[i]; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.AndnR: case Op.AndnI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const b = op === Op.AndnI ? imms[i] : R[rb < 8 ? rb : wb + rb];
              R[rd < 8 ? rd : wb + rd] = R[ra < 8 ? ra : wb + ra] & ~b; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.AndccR: case Op.AndccI: case Op.OrccR: case Op.OrccI: case Op.XorccR: case Op.XorccI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = R[ra < 8 ? ra : wb + ra];
              const b = op === Op.AndccI || op === Op.OrccI || op === Op.XorccI ? imms[i] : R[rb < 8 ? rb : wb + rb];
              const res = op === Op.AndccR || op === Op.AndccI ? a & b : op === Op.OrccR || op === Op.OrccI ? a | b : a ^ b;
              icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0);
              R[rd < 8 ? rd : wb + rd] = res; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.SllR: case Op.SllI: case Op.SrlR: case Op.SrlI: case Op.SraR: case Op.SraI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = R[ra < 8 ? ra : wb + ra];
              const c = op === Op.SllI || op === Op.SrlI || op === Op.SraI ? imms[i] : R[rb < 8 ? rb : wb + rb] & 31;
              R[rd < 8 ? rd : wb + rd] = op === Op.SllR || op === Op.SllI ? a << c : op === Op.SrlR || op === Op.SrlI ? a >>> c : a >> c;
              R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.Alu: {
              const ra = (w >>> 14) & 31, rb = w & 31;
              const a = R[ra < 8 ? ra : wb + ra];
              const b = w & 0x2000 ? imms[i] : R[rb < 8 ? rb : wb + rb];
              this.icc = icc;
              tt = this.alu(w, a, b);
              if (tt !== 0) break exec;
              icc = this.icc;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }

            // ---- control transfer ----
            case Op.JmplR: case Op.JmplI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const t = (R[ra < 8 ? ra : wb + ra] + (op === Op.JmplI ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              if (t & 3) { tt = TT.Unaligned; break exec; }
              R[rd < 8 ? rd : wb + rd] = pc; R[0] = 0;
              pc = npc; npc = t;
              continue inner;
            }
            case Op.SaveR: case Op.SaveI: case Op.RestoreR: case Op.RestoreI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const isSave = op === Op.SaveR || op === Op.SaveI;
              const cwp = this.cwp;
              const next = isSave ? (cwp === 0 ? this.nwindows - 1 : cwp - 1) : (cwp === this.nwindows - 1 ? 0 : cwp + 1);
              if ((this.wim >>> next) & 1) { tt = isSave ? TT.WindowOverflow : TT.WindowUnderflow; break exec; }
              const v = (R[ra < 8 ? ra : wb + ra] + (op === Op.SaveI || op === Op.RestoreI ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              this.setCwp(next);
              wb = this.wb;
              R[rd < 8 ? rd : wb + rd] = v; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.Ticc: {
              if (!ICC_TAKEN[((w >>> 21) & 0xf0) | icc]) { pc = npc; npc = (npc + 4) | 0; continue inner; }
              const ra = (w >>> 14) & 31, rb = w & 31;
              const b = w & 0x2000 ? imms[i] : R[rb < 8 ? rb : wb + rb];
              tt = TT.TrapInstruction + ((R[ra < 8 ? ra : wb + ra] + b) & 0x7f);
              break exec;
            }
            case Op.Rett: {
              this.pcv = pc; this.npcv = npc; this.icc = icc;
              tt = this.rett(w);
              if (tt !== 0) break exec;
              pc = this.pcv; npc = this.npcv; wb = this.wb;
              break inner;
            }
            case Op.Flush:
              // Stores to decoded code already invalidate it (codeWriteHook).
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            case Op.Rdy: {
              const rd = (w >>> 25) & 31;
              if (rd === 0 && ((w >>> 14) & 31) === 15) this.sync.observer?.barrier(this.index); // STBAR
              R[rd < 8 ? rd : wb + rd] = ((w >>> 14) & 31) === 17 ? this.asr17 : this.y; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.Wry: {
              const ra = (w >>> 14) & 31, rb = w & 31;
              this.y = R[ra < 8 ? ra : wb + ra] ^ (w & 0x2000 ? imms[i] : R[rb < 8 ? rb : wb + rb]);
              pc = npc; npc = (npc + 4) | 0;
              continue inner;
            }
            case Op.Special: {
              this.pcv = pc; this.npcv = npc; this.icc = icc;
              this.cycles = c0 + n;
              tt = this.special(w);
              if (tt !== 0) break exec;
              icc = this.icc; wb = this.wb;
              pc = npc; npc = (npc + 4) | 0;
              // WRPSR (ET, PIL) and WRASR (power-down) change interrupt or run state.
              if (((w >>> 19) & 0x3f) <= 0x31 && ((w >>> 19) & 0x3f) >= 0x30) break inner;
              continue inner;
            }
            case Op.FPop1: case Op.FPop2:
              if (!this.ef) { tt = TT.FpDisabled; break exec; }
              tt = op === Op.FPop1 ? this.fpu.fpop1(w) : this.fpu.fpop2(w);
              if (tt !== 0) break exec;
              pc = npc; npc = (npc + 4) | 0;
              continue inner;

            // ---- loads and stores ----
            case Op.LdR: case Op.LdI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = (R[ra < 8 ? ra : wb + ra] + (op === Op.LdI ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              if (a & 3) { tt = TT.Unaligned; break exec; }
              const x = rix[a >>> 12];
              let v: number;
              if (x !== 0) {
                v = views[x].getInt32((a >>> 0) - bases[x]);
              } else {
                this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
                mem.faulted = false;
                v = mem.read32(a >>> 0) | 0;
                if (mem.faulted) { mem.faulted = false; if (this.trapUnmapped) { tt = TT.DataAccess; break exec; } }
                this.ioBreak = true;
              }
              R[rd < 8 ? rd : wb + rd] = v; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.LdubR: case Op.LdubI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = (R[ra < 8 ? ra : wb + ra] + (op === Op.LdubI ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              const x = rix[a >>> 12];
              let v: number;
              if (x !== 0) {
                v = views[x].getUint8((a >>> 0) - bases[x]);
              } else {
                this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
                mem.faulted = false;
                v = mem.read8(a >>> 0);
                if (mem.faulted) { mem.faulted = false; if (this.trapUnmapped) { tt = TT.DataAccess; break exec; } }
                this.ioBreak = true;
              }
              R[rd < 8 ? rd : wb + rd] = v; R[0] = 0;
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.StR: case Op.StI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = (R[ra < 8 ? ra : wb + ra] + (op === Op.StI ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              if (a & 3) { tt = TT.Unaligned; break exec; }
              const v = R[rd < 8 ? rd : wb + rd];
              const x = wix[a >>> 12];
              const y = x !== 0 ? 0 : rix[a >>> 12];
              if (x !== 0) {
                views[x].setInt32((a >>> 0) - bases[x], v);
              } else if (y !== 0 && gates[y][((a >>> 0) - bases[y]) >>> 6] === 0) {
                views[y].setInt32((a >>> 0) - bases[y], v); // data beside code
              } else {
                this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
                mem.faulted = false;
                mem.write32(a >>> 0, v >>> 0);
                if (mem.faulted) { mem.faulted = false; if (this.trapUnmapped) { tt = TT.DataAccess; break exec; } }
                if (y === 0) this.ioBreak = true; // a device may have changed interrupt state
              }
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.StbR: case Op.StbI: {
              const rd = (w >>> 25) & 31, ra = (w >>> 14) & 31, rb = w & 31;
              const a = (R[ra < 8 ? ra : wb + ra] + (op === Op.StbI ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              const v = R[rd < 8 ? rd : wb + rd];
              const x = wix[a >>> 12];
              const y = x !== 0 ? 0 : rix[a >>> 12];
              if (x !== 0) {
                views[x].setUint8((a >>> 0) - bases[x], v);
              } else if (y !== 0 && gates[y][((a >>> 0) - bases[y]) >>> 6] === 0) {
                views[y].setUint8((a >>> 0) - bases[y], v); // data beside code
              } else {
                this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
                mem.faulted = false;
                mem.write8(a >>> 0, v & 0xff);
                if (mem.faulted) { mem.faulted = false; if (this.trapUnmapped) { tt = TT.DataAccess; break exec; } }
                if (y === 0) this.ioBreak = true; // a device may have changed interrupt state
              }
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.Lduh: case Op.Ldsh: case Op.Ldsb: case Op.Ldd: {
              const ra = (w >>> 14) & 31, rb = w & 31;
              const a = (R[ra < 8 ? ra : wb + ra] + (w & 0x2000 ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              const x = rix[a >>> 12];
              const rd = (w >>> 25) & 31;
              if (x !== 0 && (a & (op === Op.Ldd ? 7 : op === Op.Ldsb ? 0 : 1)) === 0 && (op !== Op.Ldd || (rd & 1) === 0)) {
                const off = (a >>> 0) - bases[x];
                const v = views[x];
                if (op === Op.Ldd) {
                  R[rd < 8 ? rd : wb + rd] = v.getInt32(off);
                  R[rd < 8 ? rd + 1 : wb + rd + 1] = v.getInt32(off + 4);
                } else {
                  R[rd < 8 ? rd : wb + rd] = op === Op.Lduh ? v.getUint16(off) : op === Op.Ldsh ? v.getInt16(off) : v.getInt8(off);
                }
                R[0] = 0;
                pc = npc; npc = (npc + 4) | 0;
                continue inner;
              }
              this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
              tt = this.memOp(w);
              if (tt !== 0) break exec;
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.Sth: case Op.Std: {
              const ra = (w >>> 14) & 31, rb = w & 31;
              const a = (R[ra < 8 ? ra : wb + ra] + (w & 0x2000 ? imms[i] : R[rb < 8 ? rb : wb + rb])) | 0;
              const x = wix[a >>> 12];
              const rd = (w >>> 25) & 31;
              if (x !== 0 && (a & (op === Op.Std ? 7 : 1)) === 0 && (op !== Op.Std || (rd & 1) === 0)) {
                const off = (a >>> 0) - bases[x];
                const v = views[x];
                if (op === Op.Std) {
                  v.setInt32(off, R[rd < 8 ? rd : wb + rd]);
                  v.setInt32(off + 4, R[rd < 8 ? rd + 1 : wb + rd + 1]);
                } else {
                  v.setInt16(off, R[rd < 8 ? rd : wb + rd]);
                }
                pc = npc; npc = (npc + 4) | 0;
                continue inner;
              }
              this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
              tt = this.memOp(w);
              if (tt !== 0) break exec;
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.Mem: case Op.Alt: case Op.FpMem: {
              this.cycles = c0 + n; this.pcv = pc; // slow path: devices and the race detector see the access's PC
              tt = op === Op.Mem ? this.memOp(w) : op === Op.Alt ? this.altOp(w) : this.fpMemOp(w);
              if (tt !== 0) break exec;
              pc = npc; npc = (npc + 4) | 0;
              if (this.ioBreak) { this.ioBreak = false; break inner; }
              continue inner;
            }
            case Op.CpDisabled:
              tt = TT.CpDisabled;
              break exec;
            default:
              tt = TT.Illegal;
              break exec;
          }
        }
        // A synchronous trap: %l1/%l2 get the trapping instruction's PC and nPC.
        this.pcv = pc; this.npcv = npc; this.icc = icc;
        this.cycles = c0 + n;
        this.trap(tt);
        pc = this.pcv; npc = this.npcv; icc = this.icc; wb = this.wb;
        this.ioBreak = false;
        break inner;
      }
      this.ioBreak = false;
      if (this.exitRequested) break outer;
    }
    this.pcv = pc; this.npcv = npc; this.icc = icc;
    this.cycles = c0 + n;
    if (!this.translate) this.instructions = i0 + n; // run() counts for the translated mode
    return n;
  }

  /** The decoded page for `pc` (allocating it), for filling an undecoded slot. */
  private pagesGet(pc: number): DecodedPage {
    return this.pages.get(pc >>> 12) ?? this.scratchPage;
  }

  // ---- cold helpers: they read and write registers through wb ----

  /** Generic ALU ops (op3 in the word); reads/writes this.icc and this.y. Returns a trap type. */
  alu(w: number, a: number, b: number): number {
    const op3 = (w >>> 19) & 0x3f;
    const rd = (w >>> 25) & 31;
    let res: number;
    const c = this.icc & 1;
    switch (op3 & 0x2f) {
      case 0x03: res = a ^ b; break; // XOR (cc form only reaches here)
      case 0x05: res = a & ~b; break; // ANDN
      case 0x06: res = a | ~b; break; // ORN
      case 0x07: res = ~(a ^ b); break; // XNOR
      case 0x01: res = a & b; break;
      case 0x02: res = a | b; break;
      case 0x08: { // ADDX
        res = (a + b + c) | 0;
        if (op3 & 0x10) {
          const carry = (a >>> 0) + (b >>> 0) + c > 0xffffffff ? 1 : 0;
          this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | ((~(a ^ b) & (a ^ res)) >>> 30 & 2) | carry;
        }
        this.setReg(rd, res);
        return 0;
      }
      case 0x0c: { // SUBX
        res = (a - b - c) | 0;
        if (op3 & 0x10) {
          const borrow = (a >>> 0) - (b >>> 0) - c < 0 ? 1 : 0;
          this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (((a ^ b) & (a ^ res)) >>> 30 & 2) | borrow;
        }
        this.setReg(rd, res);
        return 0;
      }
      case 0x0a: case 0x0b: { // UMUL, SMUL
        const ua = a >>> 0, ub = b >>> 0;
        const al = ua & 0xffff, ah = ua >>> 16, bl = ub & 0xffff, bh = ub >>> 16;
        const mid = ((al * bl) >>> 16) + (al * bh & 0xffff) + (ah * bl & 0xffff);
        let hi = ah * bh + ((al * bh) >>> 16) + ((ah * bl) >>> 16) + (mid >>> 16);
        if ((op3 & 0x0f) === 0x0b) hi = hi - (a < 0 ? ub : 0) - (b < 0 ? ua : 0);
        res = Math.imul(a, b);
        this.y = hi | 0;
        if (op3 & 0x10) this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0);
        this.setReg(rd, res);
        return 0;
      }
      case 0x0e: case 0x0f: { // UDIV, SDIV
        if (b === 0) return TT.DivisionByZero;
        const overflow = (op3 & 0x0f) === 0x0e ? this.udiv(this.y, a, b) : this.sdiv(this.y, a, b);
        res = this.divResult;
        if (op3 & 0x10) this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (overflow ? 2 : 0);
        this.setReg(rd, res);
        return 0;
      }
      case 0x20: case 0x21: case 0x22: case 0x23: { // TADDcc TSUBcc TADDccTV TSUBccTV
        const sub = (op3 & 1) === 1;
        res = sub ? (a - b) | 0 : (a + b) | 0;
        const ov = (sub ? ((a ^ b) & (a ^ res)) : (~(a ^ b) & (a ^ res))) >>> 31;
        const carry = sub ? ((a >>> 0) < (b >>> 0) ? 1 : 0) : ((res >>> 0) < (a >>> 0) ? 1 : 0);
        const v = ov | ((a | b) & 3 ? 1 : 0);
        if (op3 & 2 && v) return TT.TagOverflow;
        this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (v << 1) | carry;
        this.setReg(rd, res);
        return 0;
      }
      case 0x24: { // MULScc
        const nv = ((this.icc >> 3) ^ (this.icc >> 1)) & 1;
        const op1 = (nv << 31) | (a >>> 1);
        const op2 = this.y & 1 ? b : 0;
        res = (op1 + op2) | 0;
        this.y = (this.y >>> 1) | (a << 31);
        this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | ((~(op1 ^ op2) & (op1 ^ res)) >>> 30 & 2) | ((res >>> 0) < (op1 >>> 0) ? 1 : 0);
        this.setReg(rd, res);
        return 0;
      }
      default:
        return TT.Illegal;
    }
    // Logical ops: the cc forms set N and Z and clear V and C.
    if (op3 & 0x10) this.icc = ((res >>> 28) & 8) | (res === 0 ? 4 : 0);
    this.setReg(rd, res);
    return 0;
  }

  private divResult = 0;

  /** Unsigned (y:a) / b into divResult; returns true on overflow (result saturated). */
  private udiv(y: number, a: number, b: number): boolean {
    const hi = y >>> 0, lo = a >>> 0, d = b >>> 0;
    if (hi >= d) {
      this.divResult = -1; // 0xFFFFFFFF
      return true;
    }
    this.divResult = div64by32(hi, lo, d) | 0;
    return false;
  }

  /** Signed (y:a) / b, truncating, saturating as QEMU does. */
  private sdiv(y: number, a: number, b: number): boolean {
    const neg = y < 0;
    // |dividend| as hi:lo.
    let hi = y >>> 0, lo = a >>> 0;
    if (neg) {
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    const dneg = b < 0;
    const d = dneg ? (-b) >>> 0 : b >>> 0;
    const qneg = neg !== dneg;
    const limit = qneg ? 0x80000000 : 0x7fffffff;
    let q: number;
    if (hi >= d) q = Infinity;
    else q = div64by32(hi, lo, d);
    if (q > limit) {
      this.divResult = qneg ? -0x80000000 : 0x7fffffff;
      return true;
    }
    this.divResult = qneg ? -q | 0 : q | 0;
    return false;
  }

  /** RDY/RDASR/RDPSR/RDWIM/RDTBR and WRY/WRASR/WRPSR/WRWIM/WRTBR. */
  special(w: number): number {
    const op3 = (w >>> 19) & 0x3f;
    const rd = (w >>> 25) & 31, rs1 = (w >>> 14) & 31;
    switch (op3) {
      case 0x28: // RDY; RDASR17 on LEON3; other ASRs read Y as QEMU does; STBAR is rd=0
        this.setReg(rd, rs1 === 17 ? this.asr17 : this.y);
        return 0;
      case 0x29:
        if (!this.s) return TT.Privileged;
        this.setReg(rd, this.getPsr());
        return 0;
      case 0x2a:
        if (!this.s) return TT.Privileged;
        this.setReg(rd, this.wim);
        return 0;
      case 0x2b:
        if (!this.s) return TT.Privileged;
        this.setReg(rd, this.tbr);
        return 0;
    }
    const v = this.reg(rs1) ^ (w & 0x2000 ? (w << 19) >> 19 : this.reg(w & 31));
    switch (op3) {
      case 0x30:
        if (rd === 0) this.y = v;
        else if (rd === 19) {
          if (!this.s) return TT.Privileged;
          this.powerDown();
        }
        return 0; // other ASRs: no effect, as QEMU
      case 0x31:
        if (!this.s) return TT.Privileged;
        return this.setPsr(v);
      case 0x32:
        if (!this.s) return TT.Privileged;
        this.wim = v & this.wimMask;
        return 0;
      case 0x33:
        if (!this.s) return TT.Privileged;
        this.tbr = (v & 0xfffff000) | (this.tbr & 0xff0);
        return 0;
    }
    return TT.Illegal;
  }

  /** %asr19 write: sleep until an interrupt (QEMU: halted, resumes at the next instruction). */
  private powerDown(): void {
    if (this.irl !== 0 && this.et) return; // work pending: QEMU resumes at once
    this.setState('idle');
  }

  /** RETT: returns a trap type; on success pcv/npcv hold the new PC pair. */
  private rett(w: number): number {
    if (!this.s) return TT.Privileged;
    if (this.et) return TT.Illegal;
    const next = this.cwp === this.nwindows - 1 ? 0 : this.cwp + 1;
    if ((this.wim >>> next) & 1) return TT.WindowUnderflow; // ET = 0: error mode
    const t = (this.reg((w >>> 14) & 31) + (w & 0x2000 ? (w << 19) >> 19 : this.reg(w & 31))) | 0;
    if (t & 3) return TT.Unaligned;
    this.setCwp(next);
    const before = this.s;
    this.s = this.ps;
    this.reportMode(before);
    this.et = 1;
    this.pcv = this.npcv;
    this.npcv = t;
    this.updateIrq();
    return 0;
  }

  // ---- memory helpers (cold) ----

  private memFault = false;

  private noteSlow(a: number, write: boolean): void {
    if (this.mem.readIndex[a >>> 12] === 0) this.ioBreak = true; // RAM and ROM never change interrupt state
  }

  private load(a: number, size: number): number {
    const mem = this.mem;
    this.noteSlow(a, false);
    this.syncCycles();
    mem.faulted = false;
    const v = size === 4 ? mem.read32(a) : size === 2 ? mem.read16(a) : mem.read8(a);
    if (mem.faulted) {
      mem.faulted = false;
      if (this.trapUnmapped) this.memFault = true;
    }
    return v;
  }

  private store(a: number, size: number, v: number): void {
    const mem = this.mem;
    this.noteSlow(a, true);
    this.syncCycles();
    mem.faulted = false;
    if (size === 4) mem.write32(a, v >>> 0);
    else if (size === 2) mem.write16(a, v & 0xffff);
    else mem.write8(a, v & 0xff);
    if (mem.faulted) {
      mem.faulted = false;
      if (this.trapUnmapped) this.memFault = true;
    }
  }

  private effectiveAddress(w: number): number {
    return ((this.reg((w >>> 14) & 31) + (w & 0x2000 ? (w << 19) >> 19 : this.reg(w & 31))) >>> 0);
  }

  /** LDUH, LDSB, LDSH, LDD, STH, STD, LDSTUB, SWAP. */
  memOp(w: number): number {
    const op3 = (w >>> 19) & 0x3f;
    const rd = (w >>> 25) & 31;
    const a = this.effectiveAddress(w);
    return this.accessMemory(op3 & 0x0f, rd, a, -1);
  }

  /**
   * One integer load/store of kind `k` (op3 & 0xf) at `a`. `asi` -1 is the normal space;
   * otherwise a non-memory ASI handled by LeonAsi.
   */
  private accessMemory(k: number, rd: number, a: number, asi: number): number {
    const size = k === 0x03 || k === 0x07 ? 8 : k === 0x02 || k === 0x06 || k === 0x0a ? 2 : k === 0x01 || k === 0x05 || k === 0x09 || k === 0x0d ? 1 : 4;
    if ((k === 0x03 || k === 0x07) && rd & 1) return TT.Illegal;
    if (a & (size - 1)) return TT.Unaligned;
    this.memFault = false;
    switch (k) {
      case 0x00: case 0x01: case 0x02: case 0x09: case 0x0a: {
        let v = this.ldAsi(asi, a, size);
        if (this.memFault) return TT.DataAccess;
        if (k === 0x09) v = (v << 24) >> 24;
        else if (k === 0x0a) v = (v << 16) >> 16;
        this.setReg(rd, v);
        return 0;
      }
      case 0x03: {
        const v0 = this.ldAsi(asi, a, 4), v1 = this.ldAsi(asi, (a + 4) >>> 0, 4);
        if (this.memFault) return TT.DataAccess;
        this.setReg(rd, v0);
        this.setReg(rd + 1, v1);
        return 0;
      }
      case 0x04: case 0x05: case 0x06:
        this.stAsi(asi, a, size, this.reg(rd));
        return this.memFault ? TT.DataAccess : 0;
      case 0x07:
        this.stAsi(asi, a, 4, this.reg(rd));
        if (this.memFault) return TT.DataAccess;
        this.stAsi(asi, (a + 4) >>> 0, 4, this.reg(rd + 1));
        return this.memFault ? TT.DataAccess : 0;
      case 0x0d: // LDSTUB
      case 0x0f: { // SWAP
        const o = this.sync.observer;
        o?.beginAtomic(this.index, SYNC_ACQUIRE_RELEASE);
        const v = this.ldAsi(asi, a, size);
        if (!this.memFault) this.stAsi(asi, a, size, k === 0x0d ? 0xff : this.reg(rd));
        o?.endAtomic(this.index);
        if (this.memFault) return TT.DataAccess;
        this.setReg(rd, v);
        return 0;
      }
    }
    return TT.Illegal;
  }

  private ldAsi(asi: number, a: number, size: number): number {
    return asi < 0 ? this.load(a, size) : this.asi.load(asi, a, size);
  }

  private stAsi(asi: number, a: number, size: number, v: number): void {
    if (asi < 0) this.store(a, size, v);
    else this.asi.store(asi, a, v, size);
  }

  /** Alternate-space loads/stores and CASA. */
  altOp(w: number): number {
    const op3 = (w >>> 19) & 0x3f;
    const rd = (w >>> 25) & 31;
    const asi = (w >>> 5) & 0xff;
    const casa = op3 === 0x3c;
    // LEON3 lets user mode use CASA with ASI 0xA (user data); everything else is privileged.
    if (!this.s && !(casa && asi === 0x0a)) return TT.Privileged;
    if (w & 0x2000) return TT.Illegal;
    const mapped = isMemoryAsi(asi) ? -1 : asi;
    if (casa) {
      const a = this.reg((w >>> 14) & 31) >>> 0;
      if (a & 3) return TT.Unaligned;
      this.memFault = false;
      const o = this.sync.observer;
      o?.beginAtomic(this.index, SYNC_ACQUIRE_RELEASE);
      const old = mapped < 0 ? this.load(a, 4) : this.asi.load(mapped, a, 4);
      if (!this.memFault && (old | 0) === this.reg(w & 31)) {
        if (mapped < 0) this.store(a, 4, this.reg(rd));
        else this.asi.store(mapped, a, this.reg(rd), 4);
      }
      o?.endAtomic(this.index);
      if (this.memFault) return TT.DataAccess;
      this.setReg(rd, old);
      return 0;
    }
    const a = (this.reg((w >>> 14) & 31) + this.reg(w & 31)) >>> 0;
    return this.accessMemory(op3 & 0x0f, rd, a, mapped);
  }

  /** LDF, LDDF, LDFSR, STF, STDF, STFSR, STDFQ. */
  fpMemOp(w: number): number {
    const op3 = (w >>> 19) & 0x3f;
    if (op3 === 0x26) {
      if (!this.s) return TT.Privileged;
      if (!this.ef) return TT.FpDisabled;
      return this.fpu.sequenceError();
    }
    if (!this.ef) return TT.FpDisabled;
    const rd = (w >>> 25) & 31;
    const a = this.effectiveAddress(w);
    const f = this.fpu.f;
    const dbl = op3 === 0x23 || op3 === 0x27;
    if (a & (dbl ? 7 : 3)) return TT.Unaligned;
    this.memFault = false;
    switch (op3) {
      case 0x20: {
        const v = this.load(a, 4);
        if (this.memFault) return TT.DataAccess;
        f[rd] = v;
        return 0;
      }
      case 0x23: {
        const v0 = this.load(a, 4), v1 = this.load((a + 4) >>> 0, 4);
        if (this.memFault) return TT.DataAccess;
        f[rd & 0x1e] = v0;
        f[rd | 1] = v1;
        return 0;
      }
      case 0x21: {
        const v = this.load(a, 4);
        if (this.memFault) return TT.DataAccess;
        this.fpu.fsr = (v & FSR_LDFSR_MASK) | (this.fpu.fsr & ~FSR_LDFSR_MASK);
        return 0;
      }
      case 0x24:
        this.store(a, 4, f[rd]);
        return this.memFault ? TT.DataAccess : 0;
      case 0x27:
        this.store(a, 4, f[rd & 0x1e]);
        if (this.memFault) return TT.DataAccess;
        this.store((a + 4) >>> 0, 4, f[rd | 1]);
        return this.memFault ? TT.DataAccess : 0;
      case 0x25:
        this.store(a, 4, this.fpu.fsr);
        return this.memFault ? TT.DataAccess : 0;
    }
    return TT.Illegal;
  }
}

/** floor((hi * 2^32 + lo) / d) for hi < d, by two 16-bit long-division steps (exact in doubles). */
function div64by32(hi: number, lo: number, d: number): number {
  let num = hi * 65536 + (lo >>> 16);
  const q1 = Math.floor(num / d);
  num = (num - q1 * d) * 65536 + (lo & 0xffff);
  const q0 = Math.floor(num / d);
  return q1 * 65536 + q0;
}

/** Does a block of `region` hold a byte of [from, to)? (A block's delay slot counts.) */
function overlaps(region: SparcRegion, from: number, to: number): boolean {
  for (let i = 0; i < region.blockPa.length; i++) {
    const a = region.blockPa[i];
    if (a < to && a + 4 * region.lengths[i] + 4 > from) return true;
  }
  return false;
}

/** Translated regions of one physical page. */
class RegionPage {
  /** Per instruction slot: the region with a block starting there, and the block's index. */
  readonly slots: (SparcRegion | undefined)[] = new Array<SparcRegion | undefined>(1024);
  readonly blocks = new Int16Array(1024);
  /** Slots whose instruction the translator leaves to the interpreter. */
  readonly noRegion = new Uint8Array(1024);
  /** Times the run loop arrived at each slot without a region: translated once hot. */
  readonly heat = new Uint16Array(1024);
  /** Every region holding code of the page. */
  readonly regions: SparcRegion[] = [];

  claim(region: SparcRegion, i: number, entry: boolean): void {
    const slot = (region.blockPa[i] & 0xfff) >>> 2;
    if (entry || this.slots[slot] === undefined) {
      this.slots[slot] = region;
      this.blocks[slot] = i;
    }
  }

  forget(region: SparcRegion): void {
    const k = this.regions.indexOf(region);
    if (k >= 0) this.regions.splice(k, 1);
    for (const pa of region.blockPa) {
      const slot = (pa & 0xfff) >>> 2;
      if (this.slots[slot] === region) this.slots[slot] = undefined;
    }
  }
}
