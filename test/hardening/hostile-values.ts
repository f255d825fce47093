/**
 * fast-check arbitraries of what a hostile or careless caller puts in a URL or a JSON body: any
 * string (ASCII, full unicode, with NUL and control characters), numbers that are huge,
 * negative, fractional or not numbers at all, dates past what ids can hold, broken percent
 * escapes, and JSON of every type where a field expects one.
 */
import fc from 'fast-check';

/** Strings a parser might trip over, chosen on purpose. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uFFFE',
  '\uD800',
  '%',
  '%00',
  '..',
  '../../etc/passwd',
  '<script>',
  "'; DROP TABLE offers; --",
  '0',
  '-1',
  '1.5',
  '1e30',
  'NaN',
  'Infinity',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '-9223372036854775809',
  '99999999999999999999999999999',
  '2106-02-07',
  '9999-12-31',
  '0000-00-00',
  '1969-12-31',
  '2026-02-30',
  'null',
  'true',
  '[]',
  '{}',
  'x'.repeat(5000),
];

/** Any text a query parameter or path segment may carry. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Any JSON value where a body field is expected. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }) },
);

/** Every UTF-8 byte percent-encoded (a lone surrogate becomes U+FFFD, as a client would send it). */
function percentEncode(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').replace(/../g, '%$&');
}

/** A path segment: the text percent-encoded, or now and then a broken escape left raw. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostileText.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%C0%AF') },
);
