// POST /regional/peers: a coordinator registers a peer deployment (its country, name and public
// signing key, as its /.well-known/jwks.json gives it); bulletins signed with that key may then be imported.
import { peerOf } from '../domain/bulletin.ts';
import { peerRequest } from '../contracts/requests.ts';
import { api, json } from '../middleware/http.ts';
import { savePeer, thisDeployment } from '../store/regional.ts';

export const handler = api({
  body: peerRequest,
  handle: async ({ body, caller }) => {
    const peer = await peerOf(body, thisDeployment());
    await savePeer(peer, caller.userId, new Date().toISOString());
    return json(201, { country: peer.country, name: peer.name, kid: peer.kid });
  },
});
