// Macros in URLs and IP whitelists: pure rules the catalog and the hot path share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileIpList, invalidIpEntry, ipAllowed, parseAddress } from '../../src/domain/ip-list.js';
import { httpUrlProblem, renderMacros, unknownMacroProblem } from '../../src/domain/macros.js';

test('renderMacros URL-encodes values and empties missing ones', () => {
  assert.equal(
    renderMacros('https://x.example/?c={clickid}&s={sub1}&n={none}&p={payout}', {
      clickid: 'a b&c',
      sub1: null,
      payout: 7.5,
    }),
    'https://x.example/?c=a%20b%26c&s=&n=&p=7.5',
  );
  assert.equal(renderMacros('https://x.example/plain', {}), 'https://x.example/plain');
});

test('unknown macros are named with the nearest known one', () => {
  assert.equal(unknownMacroProblem('https://x.example/?c={clickid}', ['clickid', 'sub1']), null);
  assert.equal(
    unknownMacroProblem('https://x.example/?c={clikid}', ['clickid', 'sub1']),
    'unknown macro {clikid} (did you mean {clickid}?)',
  );
});

test('only absolute http(s) URLs are destinations; macros are not URL syntax', () => {
  assert.equal(httpUrlProblem('https://x.example/{clickid}'), null);
  assert.equal(httpUrlProblem('http://{sub1}.example/'), null);
  for (const bad of ['ftp://x.example/', '/relative', 'javascript:alert(1)', 'not a url']) {
    assert.equal(httpUrlProblem(bad), 'must be an absolute http or https URL', bad);
  }
});

test('IP lists: single addresses, CIDR blocks and ranges, IPv4-mapped IPv6 as IPv4', () => {
  const rules = compileIpList(['203.0.113.5', '10.0.0.0/8', '192.0.2.10-192.0.2.20', '2001:db8::/32']);
  for (const allowed of ['203.0.113.5', '10.200.1.1', '192.0.2.15', '::ffff:10.1.1.1', '2001:db8::1']) {
    assert.equal(ipAllowed(rules, allowed), true, allowed);
  }
  for (const denied of ['203.0.113.6', '11.0.0.1', '192.0.2.21', '2001:db9::1', 'nonsense']) {
    assert.equal(ipAllowed(rules, denied), false, denied);
  }
  assert.equal(ipAllowed(compileIpList(['::ffff:10.0.0.0/104']), '10.9.9.9'), true, 'a mapped CIDR counts as IPv4');
  assert.equal(parseAddress(' ::ffff:1.2.3.4 ')?.toString(), '1.2.3.4');
});

test('an invalid entry is named', () => {
  assert.equal(invalidIpEntry(['10.0.0.1', '10.0.0.0/8']), null);
  assert.equal(invalidIpEntry(['10.0.0.1', '10.0.0.300']), '10.0.0.300');
  assert.equal(invalidIpEntry(['10.0.0.9-10.0.0.1']), '10.0.0.9-10.0.0.1', 'a range must not run backwards');
  assert.equal(invalidIpEntry(['10.0.0.1-::1']), '10.0.0.1-::1', 'a range stays in one family');
});
