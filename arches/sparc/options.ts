/** What `cpus[].options` may say for a SPARC core (validated by the board loader with the schema). */
export interface SparcOptions {
  /** Register windows, 2..32 (LEON3 default 8). */
  readonly nwindows: number;
  /** Processor index in %asr17[31:28]. */
  readonly index: number;
  /** `ta 0` taken with traps disabled ends the run with status 0 (QEMU CPU_FEATURE_TA0_SHUTDOWN). */
  readonly ta0Shutdown: boolean;
  /** Any other error-mode entry ends the whole run (QEMU aborts); false: only this core stops. */
  readonly errorModeShutsDownMachine: boolean;
  /** %o6 (%sp) at reset, as QEMU's leon3_generic sets it to the top of RAM; undefined leaves 0. */
  readonly resetSp: number | undefined;
  /** Unmapped loads/stores/fetches: 'trap' (data/instruction_access_exception) or 'ignore' (read 0). */
  readonly unmappedAccess: 'trap' | 'ignore';
  /** Translate code into JavaScript (default); false runs the reference interpreter only. */
  readonly translate: boolean;
  /** Instructions kept translated before the region cache is emptied. */
  readonly codeCacheLimit: number;
  /** Times the interpreter reaches an address (after a jump) before code there is translated. */
  readonly hotThreshold: number;
}

export const sparcOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nwindows: { type: 'integer', minimum: 2, maximum: 32, description: 'register windows (LEON3: 8)' },
    index: { type: 'integer', minimum: 0, maximum: 15, description: 'processor index in %asr17[31:28]' },
    ta0Shutdown: { type: 'boolean', description: '`ta 0` with traps disabled ends the run with status 0' },
    errorModeShutsDownMachine: { type: 'boolean', description: 'other error-mode traps end the whole run (status 134)' },
    resetSp: { type: 'integer', minimum: 0, maximum: 4294967295, description: '%sp at reset (QEMU: RAM base + RAM size)' },
    unmappedAccess: { enum: ['trap', 'ignore'], description: 'unmapped accesses trap (default) or read as 0' },
    translate: { type: 'boolean', description: 'translate code into JavaScript (default true); false: the reference interpreter only' },
    codeCacheLimit: { type: 'integer', minimum: 1024, description: 'instructions kept translated before the cache is emptied (default 65536)' },
    hotThreshold: { type: 'integer', minimum: 0, maximum: 65535, description: 'times code is reached before it is translated (default 20000)' },
  },
} as const;

/** Fill in defaults. `index` defaults to the CPU's position on the board. */
export function parseSparcOptions(raw: Readonly<Record<string, unknown>>, boardIndex: number): SparcOptions {
  const num = (k: string): number | undefined => (typeof raw[k] === 'number' ? (raw[k] as number) : undefined);
  const bool = (k: string, d: boolean): boolean => (typeof raw[k] === 'boolean' ? (raw[k] as boolean) : d);
  const nwindows = num('nwindows') ?? 8;
  if (!Number.isInteger(nwindows) || nwindows < 2 || nwindows > 32) throw new Error(`sparc: nwindows must be 2..32, got ${nwindows}`);
  return {
    nwindows,
    index: (num('index') ?? boardIndex) & 15,
    ta0Shutdown: bool('ta0Shutdown', true),
    errorModeShutsDownMachine: bool('errorModeShutsDownMachine', true),
    resetSp: num('resetSp'),
    unmappedAccess: raw.unmappedAccess === 'ignore' ? 'ignore' : 'trap',
    translate: bool('translate', true),
    codeCacheLimit: num('codeCacheLimit') ?? 1 << 16,
    hotThreshold: num('hotThreshold') ?? 20000,
  };
}
