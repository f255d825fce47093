/** Building WHERE clauses with numbered parameters from optional filters (as sqlite/where.ts). */
import { objectIdLowerBound } from '../../domain/object-id.js';
import type { DateRange } from '../store.js';

export class Where {
  readonly clauses: string[] = [];
  readonly args: unknown[] = [];

  /**
   * Rows created within the range. Ids begin with their creation second (ObjectId layout), so
   * the date range is an id range: the primary key, and the partitions of those days only.
   */
  static createdWithin(range: DateRange): Where {
    const where = new Where();
    where.add('id >= $', objectIdLowerBound(range.from));
    where.add('id < $', objectIdLowerBound(range.to));
    return where;
  }

  /** Adds a value to the arguments and returns its placeholder. */
  param(value: unknown): string {
    this.args.push(value);
    return `$${this.args.length}`;
  }

  /** Adds a condition; `$` in it stands for the placeholder of `value`. */
  add(condition: string, value: unknown): void {
    this.clauses.push(condition.replace('$', this.param(value)));
  }

  /** Adds `column = ANY($n)` when the list has values. */
  anyOf(column: string, values: readonly unknown[] | undefined): void {
    if (values && values.length > 0) this.add(`${column} = ANY($)`, values);
  }

  /** The condition text (`TRUE` when empty). */
  toString(): string {
    return this.clauses.length > 0 ? this.clauses.join(' AND ') : 'TRUE';
  }
}
