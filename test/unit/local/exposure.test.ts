// The local host is for one machine: loopback unless HOST says otherwise, and then no local
// sign-in unless PUENTE_LOCAL_SIGN_IN=on says so too, with a warning either way.
import { describe, expect, test } from 'vitest';
import { addressedToThisMachine, exposure, isLoopback } from '../../../infra/local/exposure.ts';

describe('exposure', () => {
  test('by default the API listens on 127.0.0.1 with local sign-in, and nothing to warn about', () => {
    expect(exposure({})).toEqual({ host: '127.0.0.1', loopbackOnly: true, localSignIn: true, warnings: [] });
    expect(exposure({ HOST: '' }).host).toBe('127.0.0.1');
  });

  test('a loopback HOST keeps sign-in on', () => {
    for (const HOST of ['localhost', '127.0.0.2', '::1', '[::1]']) expect(exposure({ HOST })).toMatchObject({ loopbackOnly: true, localSignIn: true });
  });

  test('HOST on a network turns local sign-in off, with a warning saying how to turn it on', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'puente.example.org']) {
      const exposed = exposure({ HOST });
      expect(exposed).toMatchObject({ host: HOST, loopbackOnly: false, localSignIn: false });
      expect(exposed.warnings.join(' ')).toMatch(/reachable from other machines.*sign-in is off.*PUENTE_LOCAL_SIGN_IN=on/);
    }
  });

  test('only PUENTE_LOCAL_SIGN_IN=on turns it on there, and then the warning says what that allows', () => {
    expect(exposure({ HOST: '0.0.0.0', PUENTE_LOCAL_SIGN_IN: 'yes' }).localSignIn).toBe(false);
    const exposed = exposure({ HOST: '0.0.0.0', PUENTE_LOCAL_SIGN_IN: 'on' });
    expect(exposed.localSignIn).toBe(true);
    expect(exposed.warnings.join(' ')).toMatch(/sign-in is ON.*any demo user/);
  });
});

describe('loopback names', () => {
  test.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is this machine', (host) => {
    expect(isLoopback(host)).toBe(true);
  });
  test.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com', 'example.localhost.com', '127.0.0.1.nip.io'])('%s is not', (host) => {
    expect(isLoopback(host)).toBe(false);
  });

  test('a request is addressed to this machine by a loopback Host header, with or without a port', () => {
    for (const header of ['127.0.0.1:3000', 'localhost', 'localhost:8080', '[::1]:3000', undefined]) expect(addressedToThisMachine(header)).toBe(true);
    // DNS rebinding: a name that resolves to 127.0.0.1 but is someone else's.
    for (const header of ['evil.example:3000', 'evil.example', '127.0.0.1.nip.io:3000', '', 'localhost:3000:1']) expect(addressedToThisMachine(header)).toBe(false);
  });
});
