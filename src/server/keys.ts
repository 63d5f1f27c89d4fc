import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { GazetteError } from '../index.js';

/**
 * What a key may do. `search`: GET/POST /search, GET /suggest, GET /articles/:id.
 * `articles.write`: the routes that add, replace and delete articles. `stats`: GET /stats and
 * GET /metrics. `reload`: POST /admin/reload. The admin token may do all of them, and manage keys.
 */
export const KEY_SCOPES = ['search', 'articles.write', 'stats', 'reload'] as const;

/** One of KEY_SCOPES. */
export type KeyScope = (typeof KEY_SCOPES)[number];

/** A key as listed: what it is for, never its secret (which is shown once, when it is created). */
export interface KeyInfo {
  id: string;
  name: string;
  scopes: KeyScope[];
  createdAt: string;
  /** The secret's first characters, to tell keys apart in a list. */
  prefix: string;
}

/** A key as stored: its secret only as a SHA-256 digest, so a copy of the file grants nothing. */
interface StoredKey extends KeyInfo {
  sha256: string;
}

/** The key file cannot be read or used; the message names it and what to do. */
export class KeyStoreError extends GazetteError {
  constructor(message: string) {
    super('invalid_key_store', message);
  }
}

const SECRET_PREFIX = 'gzk_';
// How often a server re-reads the key file, so that keys created or revoked through another
// process serving the same index (behind a load balancer) take effect everywhere.
const REREAD_INTERVAL_MS = 1_000;

const digestOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/**
 * The search and write keys of a server, created with scopes and revoked by id, kept in a JSON
 * file the operator names (or in memory). Secrets are stored as digests and compared in constant
 * time; nothing here logs them.
 *
 *     const keys = await KeyStore.open('index-data/keys.json');
 *     const { key, secret } = await keys.create({ name: 'newsroom page', scopes: ['search'] });
 *     keys.scopesOf(secret); // ['search']
 */
export class KeyStore {
  private keys: StoredKey[] = [];
  private readMtimeMs = -1;
  private lastCheckedAt = 0;

  private constructor(readonly path: string | undefined) {}

  /** A store kept only in memory: its keys last as long as the process. */
  static inMemory(): KeyStore {
    return new KeyStore(undefined);
  }

  /** Opens the key file at `path`; a missing file is an empty store, written at the first key. */
  static async open(path: string): Promise<KeyStore> {
    const store = new KeyStore(path);
    await store.reread();
    return store;
  }

  /** Creates a key; its secret is returned this once and never stored. */
  async create(request: { name: string; scopes: readonly KeyScope[] }): Promise<{ key: KeyInfo; secret: string }> {
    await this.refresh(true);
    const secret = `${SECRET_PREFIX}${randomBytes(24).toString('base64url')}`;
    const key: StoredKey = {
      id: randomUUID(),
      name: request.name,
      scopes: [...new Set(request.scopes)],
      createdAt: new Date().toISOString(),
      prefix: secret.slice(0, SECRET_PREFIX.length + 6),
      sha256: digestOf(secret).toString('hex'),
    };
    this.keys = [...this.keys, key];
    await this.save();
    return { key: infoOf(key), secret };
  }

  /** Revokes the key with this id: it is refused from now on. False when there is none. */
  async revoke(id: string): Promise<boolean> {
    await this.refresh(true);
    const kept = this.keys.filter((key) => key.id !== id);
    if (kept.length === this.keys.length) return false;
    this.keys = kept;
    await this.save();
    return true;
  }

  /** Every key, oldest first, without secrets. */
  async list(): Promise<KeyInfo[]> {
    await this.refresh(true);
    return this.keys.map(infoOf);
  }

  /**
   * The scopes of the key whose secret this is, or undefined for no key. Every stored digest is
   * compared, each in constant time: the time taken says nothing of which key came close.
   */
  async scopesOf(secret: string): Promise<{ id: string; scopes: KeyScope[] } | undefined> {
    await this.refresh(false);
    const digest = digestOf(secret);
    let found: StoredKey | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(digest, Buffer.from(key.sha256, 'hex')) && found === undefined) found = key;
    }
    return found === undefined ? undefined : { id: found.id, scopes: found.scopes };
  }

  // Re-reads the file when it changed since it was read (at most once a second, unless `now`).
  private async refresh(now: boolean): Promise<void> {
    if (this.path === undefined) return;
    if (!now && Date.now() - this.lastCheckedAt < REREAD_INTERVAL_MS) return;
    this.lastCheckedAt = Date.now();
    const mtimeMs = (await stat(this.path).catch(() => undefined))?.mtimeMs ?? 0;
    if (mtimeMs !== this.readMtimeMs) await this.reread();
  }

  private async reread(): Promise<void> {
    if (this.path === undefined) return;
    this.lastCheckedAt = Date.now();
    let text: string;
    try {
      this.readMtimeMs = (await stat(this.path)).mtimeMs;
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.readMtimeMs = 0;
        this.keys = [];
        return;
      }
      throw new KeyStoreError(`cannot read the key file ${this.path}: ${(error as Error).message}`);
    }
    this.keys = parseKeyFile(this.path, text);
  }

  // Written beside and renamed, readable by its owner only: a reader sees the old file or the new one, whole.
  private async save(): Promise<void> {
    if (this.path === undefined) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ keys: this.keys }, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
    this.readMtimeMs = (await stat(this.path)).mtimeMs;
  }
}

function infoOf({ sha256: _secretDigest, ...info }: StoredKey): KeyInfo {
  return info;
}

function parseKeyFile(path: string, text: string): StoredKey[] {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new KeyStoreError(
      `the key file ${path} is not valid JSON (${(error as Error).message}); restore it or delete it to start with no keys`,
    );
  }
  const keys = (content as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every(isStoredKey)) {
    throw new KeyStoreError(
      `the key file ${path} is not a Gazette key file ({"keys": [...]}); restore it or delete it to start with no keys`,
    );
  }
  return keys;
}

function isStoredKey(value: unknown): value is StoredKey {
  const key = value as Partial<StoredKey> | null;
  return (
    typeof key?.id === 'string' &&
    typeof key.name === 'string' &&
    typeof key.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(key.sha256) &&
    Array.isArray(key.scopes) &&
    key.scopes.every((scope) => (KEY_SCOPES as readonly string[]).includes(scope))
  );
}
