/** What the build found to offer: boards, ready-made program sets, and guest programs (catalog.json). */
export interface Catalog {
  readonly boards: readonly { name: string; description: string }[];
  /** Program sets from guests/<dir>/pairs.json: a board and a program per CPU. */
  readonly presets: readonly Preset[];
  readonly guests: readonly Guest[];
}

export interface Preset {
  readonly name: string;
  readonly board: string;
  /** Guest file (a `Guest.file`) per CPU id. */
  readonly load: Readonly<Record<string, string>>;
  readonly quantum?: string;
  readonly set?: Readonly<Record<string, string>>;
  readonly description: string;
}

export interface Guest {
  /** Path under the page, e.g. `guests/hetero/pingpong-a64.elf`. */
  readonly file: string;
  readonly name: string;
  /** ELF e_machine, to offer it to the CPUs that run it. */
  readonly machine: number;
  readonly description: string;
}
