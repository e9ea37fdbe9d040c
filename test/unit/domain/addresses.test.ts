// Where a webhook may point, written out apart from the code: every way of writing a private,
// loopback, link-local or metadata address is refused; public HTTPS targets pass; the loopback
// allowance (the local host's) lets in loopback and nothing else.
import { describe, expect, test } from 'vitest';
import { addressRefusal, parseIpv6, resolvedRefusal, urlRefusal } from '../../../functions/domain/addresses.ts';

const aws = { loopbackAllowed: false };
const local = { loopbackAllowed: true };

describe('resolved addresses', () => {
  test.each([
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254', // metadata
    '169.254.0.1',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '192.0.0.192',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd00:ec2::254', // AWS IPv6 metadata
    'ff02::1',
    '::ffff:10.0.0.1', // IPv4-mapped
    '::ffff:a9fe:a9fe', // mapped, hex: 169.254.169.254
    '::10.0.0.1', // IPv4-compatible
    '64:ff9b::a9fe:a9fe', // NAT64 of the metadata address
    '2002:c0a8:0101::1', // 6to4 of 192.168.1.1
    '2001:db8::1',
    '::ffff:0:a9fe:a9fe', // IPv4-translated metadata address
    '64:ff9b:1::a9fe:a9fe', // local-use NAT64
    '3fff::1', // documentation
  ])('%s is refused', (address) => {
    expect(addressRefusal(address, aws)).toBeDefined();
    expect(addressRefusal(address, local)).toBeDefined();
  });

  test.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:0:0:1'])('loopback %s only where loopback is allowed', (address) => {
    expect(addressRefusal(address, aws)).toMatch(/loopback|private/);
    expect(addressRefusal(address, local)).toBeUndefined();
  });

  test.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::6810:84e5', '::ffff:8.8.8.8', '2002:0808:0808::1'])('%s is public', (address) => {
    expect(addressRefusal(address, aws)).toBeUndefined();
  });

  test('names and garbage are not addresses', () => {
    expect(addressRefusal('example.org', aws)).toBe('is not an IP address');
    expect(addressRefusal('1:2:3:4:5:6:7:8:9', aws)).toBe('is not an IP address');
    expect(addressRefusal('1::2::3', aws)).toBe('is not an IP address');
    expect(addressRefusal('256.1.1.1', aws)).toBe('is not an IP address');
    expect(parseIpv6('::ffff:1.2.3.4')).toBe(0xffff01020304n);
  });
});

describe('target URLs', () => {
  test.each([
    ['http://example.org/hook', /https/],
    ['ftp://example.org/hook', /https/],
    ['https://user:pw@example.org/hook', /password/],
    ['not a url', /not a URL/],
    ['https://intranet/hook', /full domain name/],
    ['https://10.1.2.3/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /metadata/],
    ['https://2852039166/', /metadata/], // decimal 169.254.169.254
    ['https://0xa9fea9fe/', /metadata/], // hex
    ['https://0251.0376.0251.0376/', /metadata/], // octal
    ['https://[::ffff:169.254.169.254]/', /metadata/],
    ['https://[fd00:ec2::254]/', /metadata/],
    ['https://127.0.0.1/hook', /loopback/],
    ['https://0x7f.1/hook', /loopback/],
    ['https://[::1]/hook', /loopback/],
  ])('%s is refused on AWS', (url, why) => {
    expect(urlRefusal(url, aws)).toMatch(why);
  });

  test('public https names pass (their addresses are checked once resolved)', () => {
    expect(urlRefusal('https://hooks.example.org/puente?x=1', aws)).toBeUndefined();
    expect(urlRefusal('https://93.184.215.14:8443/in', aws)).toBeUndefined();
  });

  test('the loopback allowance lets in plain http to this machine, and nothing more', () => {
    for (const url of ['http://127.0.0.1:9000/in', 'http://localhost:9000/in', 'http://[::1]:9000/in', 'http://2130706433:9000/in']) expect(urlRefusal(url, local)).toBeUndefined();
    expect(urlRefusal('http://example.org/in', local)).toMatch(/https/);
    expect(urlRefusal('http://10.0.0.1/in', local)).toMatch(/https/);
    expect(urlRefusal('https://192.168.0.10/in', local)).toMatch(/private/);
  });

  test('a name is judged again on what it resolved to: http only ever reaches loopback', () => {
    expect(resolvedRefusal('http://localhost:9000/', '127.0.0.1', local)).toBeUndefined();
    expect(resolvedRefusal('http://localhost:9000/', '10.0.0.5', local)).toMatch(/https/);
    expect(resolvedRefusal('https://rebind.example.org/', '169.254.169.254', aws)).toMatch(/metadata/);
    expect(resolvedRefusal('https://rebind.example.org/', '127.0.0.1', aws)).toMatch(/loopback/);
    expect(resolvedRefusal('https://hooks.example.org/', '93.184.215.14', aws)).toBeUndefined();
  });
});
