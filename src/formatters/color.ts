/**
 * Whether terminal output gets colour. The CLI decides once, from the stream and the
 * environment, and passes the answer down: formatters never probe the terminal.
 */

/**
 * The decision, most specific first: an explicit `--color`/`--no-color` flag; then
 * `NO_COLOR` (https://no-color.org: any non-empty value disables); then `FORCE_COLOR`
 * ('0' or 'false' disables, any other non-empty value enables); else colour on a TTY only.
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true;
}
