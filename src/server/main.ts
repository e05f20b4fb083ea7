/**
 * Language-server entry (dist/server.js). Strategy analysis, hover, completion and code lenses
 * arrive with the language-server issue; the entry exists so the build and the layout are in place.
 */
process.stdout.write('algoagent language server: not implemented yet\n');
