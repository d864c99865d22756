/**
 * The static registry the build generates (scripts/playground-build.ts): every arch and device
 * plugin of the repository, and the shipped boards' texts, so the worker can be handed them
 * instead of importing files at run time.
 */
declare module 'chimera:registry' {
  export const arches: Readonly<Record<string, object>>;
  export const plugins: Readonly<Record<string, object>>;
  export const boards: Readonly<Record<string, string>>;
}
