/**
 * Names for statements whose text is built from their arguments' shape (cap counters: one
 * column or condition per counter, goal or affiliate). Named, PostgreSQL parses and plans each
 * distinct text once per connection instead of at every call; the shapes a deployment's cap
 * rules produce are few.
 */
import { createHash } from 'node:crypto';

/** Texts named so far; past this many, forgotten (named again, to the same name, when met). */
const MAX_REMEMBERED = 1000;
const names = new Map<string, string>();

/** The statement name of `text`: the same text always gets the same name. */
export function preparedName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `shaped_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size >= MAX_REMEMBERED) names.clear();
    names.set(text, name);
  }
  return name;
}
