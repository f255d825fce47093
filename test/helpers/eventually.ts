/**
 * Waiting for a condition instead of sleeping for a time: polls `check` until it gives a value,
 * so a test takes as long as the thing it waits for, and a slow machine only makes it slower.
 */
/**
 * Polls until `check` returns a value (not undefined). `timeoutMs` only bounds a test whose
 * condition never comes; it is generous, so that a loaded machine does not fail a passing test.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
