// Where a webhook may point: HTTPS to a public address. Never a private, loopback, link-local,
// shared, multicast, reserved or cloud metadata address, however it is written (decimal, octal,
// hex IPv4; IPv4-mapped, -compatible, NAT64 and 6to4 IPv6), checked on the address a name resolves
// to. A deployment may let loopback targets in over plain HTTP (the local host does, so a receiver
// on the same machine can be used); nothing else is ever let in.

export interface TargetRules {
  /** Loopback receivers (127.0.0.0/8, ::1), over http or https. */
  loopbackAllowed: boolean;
}

/** Why a URL may not be a webhook's target, or undefined when it may (its name still has to resolve to an allowed address). */
export function urlRefusal(text: string, rules: TargetRules): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a fragment';
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = ipVersion(host) !== undefined;
  if (url.protocol === 'https:') return literal ? addressRefusal(host, rules) : hostNameRefusal(host);
  if (url.protocol === 'http:' && rules.loopbackAllowed) {
    if (literal && isLoopback(host)) return undefined;
    if (host === 'localhost') return undefined;
  }
  return rules.loopbackAllowed ? 'must use https (plain http only to this machine: localhost, 127.0.0.1 or [::1])' : 'must use https';
}

function hostNameRefusal(host: string): string | undefined {
  if (!host.includes('.') && host !== 'localhost') return 'must name a host by its full domain name';
  return undefined;
}

/** Why the address a target's name resolved to may not be reached: plain http only ever to loopback. */
export function resolvedRefusal(text: string, address: string, rules: TargetRules): string | undefined {
  if (new URL(text).protocol === 'http:') return rules.loopbackAllowed && isLoopback(address) ? undefined : 'must use https';
  return addressRefusal(address, rules);
}

/** Why a resolved (or literal) address may not be reached, or undefined when it may. */
export function addressRefusal(address: string, rules: TargetRules): string | undefined {
  const v4 = toIpv4(address);
  if (v4 !== undefined) {
    if (inRanges(v4, loopback4)) return rules.loopbackAllowed ? undefined : 'is a loopback address';
    return inRanges(v4, refused4) ? 'is a private, link-local, metadata or reserved address' : undefined;
  }
  const v6 = parseIpv6(address);
  if (v6 === undefined) return 'is not an IP address';
  if (v6 === 1n) return rules.loopbackAllowed ? undefined : 'is a loopback address';
  return refused6.some(([base, bits]) => v6 >> BigInt(128 - bits) === base >> BigInt(128 - bits)) ? 'is a private, link-local, metadata or reserved address' : undefined;
}

export const isLoopback = (address: string) => {
  const v4 = toIpv4(address);
  return v4 !== undefined ? inRanges(v4, loopback4) : parseIpv6(address) === 1n;
};

const cidr4 = (text: string): [number, number] => {
  const [base, bits] = text.split('/');
  return [parseIpv4(base)!, Number(bits)];
};
const loopback4 = [cidr4('127.0.0.0/8')];
const refused4 = [
  '0.0.0.0/8', // this network
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '169.254.0.0/16', // link-local, the cloud metadata service (169.254.169.254) among them
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments (192.0.0.192: Oracle's metadata)
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
].map(cidr4);

const inRanges = (address: number, ranges: [number, number][]) => ranges.some(([base, bits]) => bits === 0 || address >>> (32 - bits) === base >>> (32 - bits));

const cidr6 = (text: string): [bigint, number] => {
  const [base, bits] = text.split('/');
  return [parseIpv6(base)!, Number(bits)];
};
const refused6 = [
  '::/128', // unspecified
  '100::/64', // discard
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation (RFC 9637)
  '64:ff9b:1::/48', // local-use NAT64 (RFC 8215): where it is used, it reaches private IPv4
  '2001::/23', // IETF protocol assignments
  'fc00::/7', // unique local (AWS's IPv6 metadata, fd00:ec2::254, among them)
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
].map(cidr6);

/** A dotted IPv4 address as a number; undefined for anything else (names, IPv6). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** An IPv6 address as a 128-bit number (with an embedded dotted IPv4 tail); undefined for anything else. */
export function parseIpv6(text: string): bigint | undefined {
  let address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  if (!address.includes(':')) return undefined;
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tail) {
    const v4 = parseIpv4(tail[1]);
    if (v4 === undefined) return undefined;
    address = `${address.slice(0, tail.index)}:${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return all.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** The IPv4 address behind an address: itself, or one embedded in IPv6 (mapped, compatible, NAT64, 6to4). */
function toIpv4(text: string): number | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return v4;
  const v6 = parseIpv6(text);
  if (v6 === undefined || v6 <= 1n) return undefined; // :: and ::1 are IPv6's own
  const low32 = Number(v6 & 0xffffffffn);
  if (v6 >> 32n === 0xffffn || v6 >> 32n === 0n || v6 >> 32n === 0xffff0000n) return low32; // ::ffff:a.b.c.d, ::a.b.c.d, ::ffff:0:a.b.c.d (translated)
  if (v6 >> 32n === 0x64ff9b0000000000000000n) return low32; // 64:ff9b::/96 (NAT64)
  if (v6 >> 112n === 0x2002n) return Number((v6 >> 80n) & 0xffffffffn); // 2002:aabb:ccdd::/48 (6to4)
  return undefined;
}

const ipVersion = (text: string) => (parseIpv4(text) !== undefined ? 4 : parseIpv6(text) !== undefined ? 6 : undefined);
