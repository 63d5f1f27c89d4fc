import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { InvalidParameterError } from '../../index.js';
import { requireAdminToken } from '../access.js';
import { KEY_SCOPES, type KeyStore } from '../keys.js';
import { HttpProblem, methodNotAllowed } from '../problem.js';

/** The body of POST /keys. */
export const newKeyRequest = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('What the key is for, to recognise it in a list ("newsroom page")'),
  scopes: z
    .array(z.enum(KEY_SCOPES))
    .min(1)
    .max(KEY_SCOPES.length)
    .describe(`What the key may do: ${KEY_SCOPES.join(', ')}`),
});

/**
 * `POST /keys` (create a key with scopes; its secret is in this answer only), `GET /keys` (list
 * them, without secrets) and `DELETE /keys/:id` (revoke one), for the admin token alone.
 */
export function keyRoutes(keys: KeyStore | undefined, adminToken: string | undefined): express.Router {
  const router = express.Router();
  const adminOnly = requireAdminToken(adminToken);
  const store = (): KeyStore => {
    if (keys === undefined) throw new HttpProblem(404, 'not_found', 'keys are off: this server was given no key store');
    return keys;
  };

  router.post('/keys', adminOnly, express.json({ limit: '4kb' }), async (request: Request, response: Response) => {
    const parsed = newKeyRequest.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const parameter = String(issue?.path[0] ?? 'body');
      throw new InvalidParameterError(parameter, issue?.message ?? 'is not valid');
    }
    const { key, secret } = await store().create(parsed.data);
    request.log.info({ keyId: key.id, scopes: key.scopes }, 'key created');
    response.setHeader('Cache-Control', 'no-store');
    response.status(201).json({ ...key, secret });
  });

  router.get('/keys', adminOnly, async (_request: Request, response: Response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json({ keys: await store().list() });
  });

  router.delete('/keys/:id', adminOnly, async (request: Request, response: Response) => {
    const id = String(request.params.id);
    if (!(await store().revoke(id))) throw new HttpProblem(404, 'not_found', `no key has the id ${JSON.stringify(id.slice(0, 100))}`);
    request.log.info({ keyId: id }, 'key revoked');
    response.status(204).end();
  });
  router.all('/keys', methodNotAllowed(['GET', 'POST']));
  router.all('/keys/:id', methodNotAllowed(['DELETE']));
  return router;
}
