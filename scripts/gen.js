#!/usr/bin/env node
'use strict';
// Writes every generated source file from its declarative table: `npm run gen`.
// `npm run gen -- --check` writes nothing and fails when a generated file differs from what its
// table gives (npm test runs it first, so a table edit without `npm run gen` cannot pass).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outputs = {
  ...require('./gen-ops-table')(),
  ...require('./gen-functions')(),
  ...require('./gen-optimizer-kinds')(),
  ...require('./gen-python-signatures')(),
};

const check = process.argv.includes('--check');
const stale = [];
for (const [file, text] of Object.entries(outputs)) {
  const target = path.join(root, file);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current === text) continue;
  if (check) stale.push(file);
  else fs.writeFileSync(target, text);
}
if (stale.length > 0) {
  console.error(`Generated files are stale: ${stale.join(', ')}. Run \`npm run gen\` and commit the result.`);
  process.exit(1);
}
