/**
 * A value built on first use and kept: for fast-check arbitraries a suite
 * shares between checks, which cost time to build (stringMatching compiles its
 * regular expression) and so are not built when the suite is loaded.
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
