// `npm run gpu:install`: the opt-in CUDA 12 provider of onnxruntime-node (Linux x64), which the default install skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const packageDir = path.join(root, 'node_modules', 'onnxruntime-node');
const providerLibrary = path.join(packageDir, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so');

if (`${process.platform}/${process.arch}` !== 'linux/x64') {
  console.error(`gpu:install: onnxruntime-node offers its CUDA provider for Linux x64 only; this is ${process.platform}/${process.arch}, where models run on the CPU provider.`);
  process.exit(1);
}
if (!existsSync(path.join(packageDir, 'script', 'install.js'))) {
  console.error('gpu:install: onnxruntime-node is not installed; run npm install first.');
  process.exit(1);
}
if (existsSync(providerLibrary)) {
  console.log(`The CUDA provider is installed (${path.relative(root, providerLibrary)}); neurofeat predict --provider cuda uses it.`);
  process.exit(0);
}
console.log('Downloading the CUDA 12 provider of onnxruntime-node from api.nuget.org (several hundred MB; needs the NVIDIA driver and CUDA 12 at run time) ...');
// onnxruntime-node's own installer, asked for CUDA 12 explicitly (the project's .npmrc keeps it from running on install).
const install = spawnSync(process.execPath, [path.join(packageDir, 'script', 'install.js')], {
  cwd: packageDir,
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
});
if (install.status !== 0 || !existsSync(providerLibrary)) {
  const lines = (install.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const reason = lines.find((l) => /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|fetch failed|Failed to/.test(l)) ?? lines[0] ?? `exit code ${install.status}`;
  console.error(`gpu:install: the CUDA provider could not be downloaded (${reason}); run it again where api.nuget.org can be reached. Models keep running on the CPU.`);
  process.exit(1);
}
console.log(`Installed ${path.relative(root, providerLibrary)}: neurofeat predict --provider auto now uses CUDA where the GPU works, and says which provider ran.`);
