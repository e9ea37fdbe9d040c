// GET /.well-known/jwks.json: the public key this deployment signs its bulletins with, for peers.
import { json, publicApi } from '../middleware/http.ts';
import { bulletinSigner } from '../store/signing.ts';

export const handler = publicApi(async () => json(200, { keys: [(await bulletinSigner()).publicJwk] }, { 'cache-control': 'public, max-age=300' }));
