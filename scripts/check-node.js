// Refuses to build with a Node older than the project needs (node:sqlite and type stripping).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`NeuroFeat needs Node >= 22.13 (24 LTS recommended); this is ${process.version}.`);
  process.exit(1);
}
