// Run by an index writer as a process of its own, so that folding segments into a new base (a
// whole index loaded and written again) stops none of the writer's searches:
//   node fold-process.js <index folder> <commit point version>
// prints the new base version's name; the writer, which holds the folder's lock, makes it live.
import { foldCommitPoint } from './index-files.js';

const [directory, version] = process.argv.slice(2);
if (directory === undefined || version === undefined) {
  process.stderr.write('usage: fold-process <index folder> <commit point version>\n');
  process.exit(2);
}
// A writer killed meanwhile has no use for the fold: stop rather than load and write a whole index for nobody.
const writer = process.ppid;
setInterval(() => {
  if (process.ppid !== writer) process.exit(1);
}, 1_000).unref();
process.stdout.write(`${await foldCommitPoint(directory, version)}\n`);
