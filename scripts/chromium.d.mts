// Types of chromium.mjs, for the browser suite's TypeScript.
export function chromiumPath(): string | null;
