// The data directory holds every case (DynamoDB Local's files) and the keys: it is this user's
// alone, 0700, and so is what the host keeps in it (directories 0700, files 0600), including what
// an older host left with looser modes. New files stay private: the host process runs under
// umask 077, and so does DynamoDB Local. Only the host's own entries are walked: the directory
// may be one the user keeps other things in.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What the host keeps in the data directory; nothing else there is touched (it may be the user's). */
export const dataDirEntries = { dynamodb: 'dynamodb', pidFile: 'dynamodb.pid', signInKey: 'local-issuer.jwk.json' } as const;

export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of Object.values(dataDirEntries)) restrict(join(dir, entry));
}

function restrict(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // not made yet
  }
  if (stat.isSymbolicLink()) return; // not followed: it may point anywhere
  if (stat.isDirectory()) {
    chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) restrict(join(path, entry));
  } else if (stat.isFile()) {
    chmodSync(path, 0o600);
  }
}
