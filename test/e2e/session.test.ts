// Sessions as the app meets them on AWS: Cognito's hosted sign-in (authorization code with PKCE),
// ID tokens that expire, a refresh token that renews them, and a sign-out that ends the hosted
// session. The hosted sign-in is played here on the host's own origin (the CSP lets the app talk
// to its own origin only), answering with the local issuer's tokens, which the API accepts.
import { createHash } from 'node:crypto';
import type { Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { answer, draftSaved, hostAndBrowser, newPage } from './support.ts';

const running = hostAndBrowser();

/** The hosted sign-in's three endpoints, recording what the app sent them. */
function hostedSignIn(base: string, appUrl: string) {
  const seen = { challenges: [] as string[], verifiers: [] as string[], grants: [] as string[], logouts: [] as URLSearchParams[], refuseRefresh: false };
  let codes = 0;
  const token = async () => (await (await fetch(`${appUrl}/auth/local/token`, { method: 'POST', body: '{"username":"screener"}' })).json()).token;
  const handle = async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('/oauth2/authorize')) {
      seen.challenges.push(url.searchParams.get('code_challenge')!);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      return route.fulfill({ status: 302, headers: { location: `${url.searchParams.get('redirect_uri')}?code=code-${++codes}&state=${url.searchParams.get('state')}` } });
    }
    if (url.pathname.endsWith('/oauth2/token')) {
      const form = new URLSearchParams(route.request().postData() ?? '');
      seen.grants.push(form.get('grant_type')!);
      if (form.get('grant_type') === 'authorization_code') {
        seen.verifiers.push(form.get('code_verifier')!);
        return route.fulfill({ json: { id_token: await token(), refresh_token: 'refresh-1', token_type: 'Bearer', expires_in: 3600 } });
      }
      if (seen.refuseRefresh || form.get('refresh_token') !== 'refresh-1') return route.fulfill({ status: 400, json: { error: 'invalid_grant' } });
      return route.fulfill({ json: { id_token: await token(), token_type: 'Bearer', expires_in: 3600 } });
    }
    if (url.pathname.endsWith('/logout')) {
      seen.logouts.push(url.searchParams);
      return route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri')! } });
    }
    return route.abort();
  };
  return { seen, handle };
}

describe('sessions on AWS', () => {
  test('the app renews the ID token before it expires, asks to sign in again when it cannot without losing what was typed, and signing out ends the hosted session', async () => {
    const base = `${running.host.url}/hosted-sign-in`;
    const signIn = hostedSignIn(base, running.host.url);
    const { context, page } = await newPage(running.browser, running.host, {
      before: async (context) => {
        await context.clock.install();
        await context.route('**/config.json', (route) => route.fulfill({ json: { apiUrl: running.host.url, signIn: { url: base, clientId: 'web-client' } } }));
        await context.route(`${base}/**`, signIn.handle);
      },
    });

    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByRole('navigation').waitFor();
    // PKCE: the verifier sent with the code is the one whose hash went to the authorize endpoint.
    expect(createHash('sha256').update(signIn.seen.verifiers[0]).digest('base64url')).toBe(signIn.seen.challenges[0]);

    await page.getByRole('link', { name: 'Entrevista de identificación' }).click();
    await answer(page, 'consentInterview', 'yes');
    await answer(page, 'informedOfRights', 'yes');
    await draftSaved(page);

    // Five minutes before the token expires, it is renewed: no interruption.
    await page.clock.fastForward('00:56:00'); // tokens last an hour, as Cognito's
    await expect.poll(() => signIn.seen.grants).toEqual(['authorization_code', 'refresh_token']);
    expect(await page.getByTestId('session-ended').count()).toBe(0);

    // The refresh token is refused (revoked, or past its own lifetime): the app asks to sign in again.
    // The renewal above may still be on its way in when time jumps (its grant is recorded when it is
    // asked); its session's own timer then starts later, so time moves on until the app gives up.
    signIn.seen.refuseRefresh = true;
    await expect
      .poll(async () => {
        await page.clock.fastForward('00:15:00');
        return page.getByTestId('session-ended').count();
      }, { timeout: 20_000 })
      .toBe(1);
    expect(await page.locator('[data-question="informedOfRights"] input[value="yes"]').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Iniciar sesión de nuevo' }).click();
    // Back from the hosted sign-in, on the same page, with what was typed.
    await expect.poll(() => page.url()).toBe(`${running.host.url}/#/interview`);
    await page.locator('[data-question="informedOfRights"] input[value="yes"]').waitFor();
    expect(await page.locator('[data-question="informedOfRights"] input[value="yes"]').isChecked()).toBe(true);
    expect(await page.getByTestId('session-ended').count()).toBe(0);
    expect(signIn.seen.grants.filter((grant) => grant === 'authorization_code')).toHaveLength(2);

    // Signing out ends the hosted session too, after the warning about the unfinished draft.
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('button', { name: 'Borrarlos y cerrar sesión' }).click();
    await expect.poll(() => signIn.seen.logouts.length).toBe(1);
    expect(Object.fromEntries(signIn.seen.logouts[0])).toEqual({ client_id: 'web-client', logout_uri: `${running.host.url}/` });
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).waitFor();
    await context.close();
  });
});
