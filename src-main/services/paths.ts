// Where NeuroFeat keeps its data by default, the same folder for the app, the host and the command line.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.NEUROFEAT_DATA_DIR) return path.resolve(env.NEUROFEAT_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'NeuroFeat');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'NeuroFeat');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'neurofeat');
}

/** `--data-dir` wins over NEUROFEAT_DATA_DIR, which wins over the platform default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ? path.resolve(flag) : defaultDataDir(env);
}
