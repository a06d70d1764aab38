// Tools for deploy/:
//   npx tsx tools/deploy-check/src/cli.ts bundle --out DIR [--crds] [--no-web]
//     the server bundle the container image runs (see server-bundle.service.ts; used by deploy/Dockerfile)
//   npx tsx tools/deploy-check/src/cli.ts readme-options
//     regenerates README.md's configuration reference from the server's option table
import { updateReadmeOptions } from './options-table.service';
import { bundleServer } from './server-bundle.service';

const [command, ...args] = process.argv.slice(2);
if (command === 'readme-options') {
  console.log((await updateReadmeOptions()) ? 'README.md: configuration reference updated' : 'README.md: configuration reference already current');
} else {
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 ? args[outIndex + 1] : undefined;
  if (command !== 'bundle' || outDir === undefined) {
    console.error('usage: cli.ts bundle --out DIR [--crds] [--no-web] | readme-options');
    process.exit(2);
  }
  const bundle = await bundleServer({ outDir, crds: args.includes('--crds'), web: !args.includes('--no-web'), log: (line) => console.log(line) });
  console.log(
    `server bundle: ${bundle.entry} (${(bundle.entryBytes / 1e6).toFixed(1)} MB)${bundle.webRoot ? `, web app: ${bundle.webRoot}` : ''}${bundle.cacheDir ? `, CRDs: ${bundle.cacheDir}` : ''}`,
  );
}
