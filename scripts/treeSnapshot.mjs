// What the tests must leave alone: a fingerprint of every file git tracks (or, without git, of docs/),
// plus the untracked files git does not ignore. `npm test` compares one taken before and after.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function git(root, args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout.split('\0').filter(Boolean) : undefined;
}

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/** Path → content hash ('untracked' for untracked files, 'missing' for deleted tracked ones). */
export function treeSnapshot(root) {
  const tracked = git(root, ['ls-files', '-z']) ?? walk(path.join(root, 'docs')).map((file) => path.relative(root, file));
  const untracked = git(root, ['ls-files', '-z', '--others', '--exclude-standard']) ?? [];
  const snapshot = new Map();
  for (const file of tracked) {
    const full = path.join(root, file);
    snapshot.set(file, fs.existsSync(full) && fs.statSync(full).isFile() ? createHash('sha1').update(fs.readFileSync(full)).digest('hex') : 'missing');
  }
  for (const file of untracked) snapshot.set(file, 'untracked');
  return snapshot;
}

/** Files whose fingerprint differs between two snapshots. */
export function changedFiles(before, after) {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((file) => before.get(file) !== after.get(file)).sort();
}
