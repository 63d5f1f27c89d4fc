import { createHash, timingSafeEqual } from 'node:crypto';
import type { Application, Request, RequestHandler } from 'express';
import type { KeyScope, KeyStore } from './keys.js';
import { HttpProblem } from './problem.js';

/** Who may do what on one server: the admin token, the key store, and whether search is open to all. */
export interface AccessControl {
  /** `GAZETTE_ADMIN_TOKEN`: may do everything, and create and revoke keys. */
  adminToken: string | undefined;
  /** The search and write keys; without one, only the admin token opens the guarded routes. */
  keys: KeyStore | undefined;
  /** Whether `search` needs no key (the operator said so: --public-search, or a loopback address). */
  publicSearch: boolean;
}

// Where an app keeps its AccessControl, so that any route added to it can guard itself with
// requireScope() without being handed anything.
const ACCESS = 'gazetteAccess';

/** Gives `app` the access rules its requireScope() guards read. */
export function setAccessControl(app: Application, access: AccessControl): void {
  app.locals[ACCESS] = access;
}

function accessOf(request: Request): AccessControl {
  const access = request.app.locals[ACCESS] as AccessControl | undefined;
  // A route guarded on an app that was given no rules stays shut rather than open.
  return access ?? { adminToken: undefined, keys: undefined, publicSearch: false };
}

/**
 * Lets a request through when it may use `scope`: with the admin token, or a key created with
 * that scope, as `Authorization: Bearer <secret>` (`search` needs none when search is public).
 * 401 without a credential or with an unknown or revoked one, 403 with a key of other scopes,
 * 404 when the server has neither an admin token nor keys (the route is off).
 *
 *     router.post('/articles', requireScope('articles.write'), addArticles(engine));
 */
export function requireScope(scope: KeyScope): RequestHandler {
  return async (request, _response, next) => {
    const access = accessOf(request);
    if (scope === 'search' && access.publicSearch) return next();
    // Off without an admin token and without any key (keys are made with the token, so none can come).
    if (scope !== 'search' && !hasAdminToken(access) && (access.keys === undefined || (await access.keys.list()).length === 0)) {
      throw new HttpProblem(
        404,
        'not_found',
        `${request.method} ${request.path} is off: start the server with GAZETTE_ADMIN_TOKEN set to enable it`,
      );
    }
    const secret = bearerOf(request);
    if (secret === undefined) throw unauthorized(`send Authorization: Bearer <key>, a key with the scope ${scope} or the admin token`);
    if (hasAdminToken(access) && sameSecret(secret, access.adminToken)) return next();
    const key = await access.keys?.scopesOf(secret);
    if (key === undefined) throw unauthorized('this key is unknown or was revoked; ask the operator for a key');
    if (!key.scopes.includes(scope)) {
      throw new HttpProblem(403, 'forbidden', `this key's scopes (${key.scopes.join(', ')}) do not include ${scope}`);
    }
    // The key's id, never its secret, goes into this request's log lines.
    request.log = request.log.child({ keyId: key.id });
    next();
  };
}

/**
 * Lets through only the admin token: 404 when none is configured (the route is off), 401 when
 * the request's is missing or wrong. What no key may do: manage keys.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (request, _response, next) => {
    if (token === undefined || token === '') {
      throw new HttpProblem(
        404,
        'not_found',
        `${request.method} ${request.path} is off: start the server with GAZETTE_ADMIN_TOKEN set to enable it`,
      );
    }
    const secret = bearerOf(request);
    if (secret === undefined || !sameSecret(secret, token)) throw unauthorized('send Authorization: Bearer <GAZETTE_ADMIN_TOKEN>');
    next();
  };
}

function hasAdminToken(access: AccessControl): access is AccessControl & { adminToken: string } {
  return access.adminToken !== undefined && access.adminToken !== '';
}

function bearerOf(request: Request): string | undefined {
  return /^Bearer ([^\s]{1,1024})$/.exec(request.get('authorization') ?? '')?.[1];
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'unauthorized', detail, { 'WWW-Authenticate': 'Bearer' });
}

// Compared as SHA-256 digests, which have equal lengths, in constant time: the response time
// says nothing about how much of a guessed secret was right.
function sameSecret(offered: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}
