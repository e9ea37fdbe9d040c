// GET /openapi.json: the API described (functions/contracts/openapi.ts), for anyone.
import { openApiDocument } from '../contracts/openapi.ts';
import { json, publicApi } from '../middleware/http.ts';

export const handler = publicApi(async () => json(200, openApiDocument()));
