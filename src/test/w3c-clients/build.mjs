// Bundles each W3C annotation client library into one IIFE for W3cClientsBrowserTest: the test
// reads the file and runs it in the reader page with executeScript. Called by build.sh after
// `npm ci`; the output is committed (CI has no npm step). Deterministic: no dates, no paths.
//
// Each bundle starts with the list of the npm packages inside it and their licence texts (and
// NOTICE files): the packages' own /*! */ and @license comments are kept too, at the end.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'resources', 'w3c-clients');
const bundles = [
  { entry: 'apache-annotator', global: 'ApacheAnnotator', library: '@apache-annotator/dom' },
  { entry: 'recogito-text-annotator', global: 'RecogitoText', library: '@recogito/text-annotator' },
  { entry: 'dokieli-web-annotation', global: 'DokieliAnnotation', library: '@dokieli/web-annotation' },
];

/** The licence text of a package: its LICENSE file, or the upstream one kept in licenses/ when the npm package ships none. */
function licenceText(name) {
  const dir = join(here, 'node_modules', name);
  const files = readdirSync(dir).filter(f => /^(licen[cs]e|notice)(\.(md|txt))?$/i.test(f)).sort();
  const kept = join(here, 'licenses', name.replace('/', '+') + '.LICENSE');
  const texts = files.map(f => readFileSync(join(dir, f), 'utf8'));
  if (!files.some(f => /^licen/i.test(f))) {
    if (!existsSync(kept)) {
      throw new Error(`${name} ships no licence file and licenses/ has none for it`);
    }
    texts.unshift(readFileSync(kept, 'utf8'));
  }
  return texts.join('\n').replaceAll('*/', '* /').trim();
}

mkdirSync(out, { recursive: true });
const esbuildVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
for (const b of bundles) {
  const options = {
    entryPoints: [join(here, 'entries', b.entry + '.js')],
    bundle: true,
    format: 'iife',
    globalName: b.global,
    minify: true,
    target: 'es2020',
    platform: 'browser',
    legalComments: 'eof',
    charset: 'utf8',
    write: false,
    metafile: true,
  };
  // first pass: which packages end up in the bundle (tree shaking leaves some out)
  const probe = await esbuild.build(options);
  const packages = new Map();
  for (const [path, input] of Object.entries(probe.metafile.outputs[Object.keys(probe.metafile.outputs)[0]].inputs)) {
    const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m && input.bytesInOutput > 0) {
      packages.set(m[1], JSON.parse(readFileSync(join(here, 'node_modules', m[1], 'package.json'), 'utf8')));
    }
  }
  const names = [...packages.keys()].sort((x, y) => (x === b.library ? -1 : y === b.library ? 1 : x.localeCompare(y)));
  const lib = packages.get(b.library);
  const banner = [
    `/*! window.${b.global}: ${lib.name} ${lib.version} (${lib.license}) for Scholion's tests only.`,
    ` * Built by src/test/w3c-clients/build.sh (npm ci, esbuild ${esbuildVersion}, minified IIFE) from these npm packages:`,
    ...names.map(n => ` *   ${n} ${packages.get(n).version} (${packages.get(n).license})`),
    ' * Their licence texts follow; the packages\' own licence comments are at the end of the file.',
    ' */',
    ...names.map(n => `/* ---- ${n} ${packages.get(n).version} ----\n\n${licenceText(n)}\n*/`),
  ].join('\n');
  const result = await esbuild.build({ ...options, banner: { js: banner } });
  const file = join(out, b.entry + '.js');
  writeFileSync(file, result.outputFiles[0].contents);
  console.log(`${b.entry}.js  ${(result.outputFiles[0].contents.length / 1024).toFixed(1)} KiB  ${names.join(', ')}`);
}
