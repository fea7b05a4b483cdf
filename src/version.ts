/** The tool's name and version, read once from package.json. */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string; homepage?: string };

export const TOOL_INFO = {
  name: pkg.name,
  version: pkg.version,
  informationUri: pkg.homepage ?? 'https://github.com/agent-impersonation-scan/agent-impersonation-scan',
};
