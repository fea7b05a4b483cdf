// Runs one command as a child process and measures its wall time and peak resident
// set size. On Linux the peak comes from polling /proc/<pid>/status VmHWM (the
// kernel's own high-water mark) of the child and its descendants, so no extra tool
// is needed; elsewhere it falls back to /usr/bin/time.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POLL_MS = 20;
const MAX_CAPTURE = 64 * 1024 * 1024;

/**
 * How peak RSS will be measured: 'proc' (VmHWM polling), 'gnu-time' (`/usr/bin/time -f %M`),
 * 'bsd-time' (`/usr/bin/time -l`, macOS) or 'none'. BENCH_RSS=proc|time|none forces a choice.
 */
export function detectRssMethod(env = process.env) {
  const forced = env.BENCH_RSS;
  const hasTime = existsSync('/usr/bin/time');
  const timeKind = process.platform === 'darwin' || process.platform.endsWith('bsd') ? 'bsd-time' : 'gnu-time';
  if (forced === 'none') return 'none';
  if (forced === 'time') return hasTime ? timeKind : 'none';
  if (existsSync('/proc/self/status')) return 'proc';
  return hasTime ? timeKind : 'none';
}

export function rssMethodHelp(method, env = process.env) {
  if (method !== 'none') return undefined;
  if (env.BENCH_RSS === 'none') return 'peak RSS not measured (BENCH_RSS=none)';
  return 'peak RSS not measured: no /proc and no /usr/bin/time (install it: `apt-get install time`)';
}

function readHwmKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Direct children of `pid`, from /proc/<pid>/task/<tid>/children, or by scanning every process's parent. */
function childrenOf(pid) {
  try {
    const out = [];
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
    return out;
  } catch {
    return scanForChildren(pid);
  }
}

function scanForChildren(pid) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Samples the process tree's high-water marks; `peakKb` is the largest sum seen across samples. */
function startProcSampler(rootPid) {
  const state = { peakKb: 0 };
  const sample = () => {
    const pending = [rootPid];
    const seen = new Set();
    let sum = 0;
    while (pending.length > 0) {
      const pid = pending.pop();
      if (seen.has(pid)) continue;
      seen.add(pid);
      sum += readHwmKb(pid);
      pending.push(...childrenOf(pid));
    }
    state.peakKb = Math.max(state.peakKb, sum);
  };
  sample();
  const timer = setInterval(sample, POLL_MS);
  return { state, stop: () => clearInterval(timer), sample };
}

function wrapWithTime(method, file, args) {
  if (method === 'gnu-time') return ['/usr/bin/time', ['-f', '%M', '-o', file, ...args]];
  return ['/usr/bin/time', ['-l', ...args]];
}

function parseTimeOutput(method, file, stderr) {
  if (method === 'gnu-time') {
    try {
      const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
      return /^\d+$/.test(last) ? Number(last) : null;
    } catch {
      return null;
    } finally {
      rmSync(file, { force: true });
    }
  }
  const match = /(\d+)\s+maximum resident set size/.exec(stderr);
  // BSD time reports bytes on macOS.
  return match ? Math.round(Number(match[1]) / 1024) : null;
}

function collect(stream, sink) {
  stream?.on('data', (chunk) => {
    if (sink.size < MAX_CAPTURE) {
      sink.chunks.push(chunk);
      sink.size += chunk.length;
    }
  });
}

/**
 * Runs `argv` (an array: command then arguments; with `shell`, a single command line)
 * and resolves to `{ wallMs, peakRssKb, exitCode, signal, stdout, stderr }`.
 * `peakRssKb` is null when it could not be measured.
 */
export function measureCommand(argv, { method, shell = false, cwd } = {}) {
  const base = shell ? ['/bin/sh', '-c', argv[0]] : argv;
  const timeFile = join(tmpdir(), `ais-bench-time-${process.pid}-${Date.now()}.txt`);
  const useTime = method === 'gnu-time' || method === 'bsd-time';
  const [command, args] = useTime ? wrapWithTime(method, timeFile, base) : [base[0], base.slice(1)];
  return new Promise((resolve) => {
    const stdout = { chunks: [], size: 0 };
    const stderr = { chunks: [], size: 0 };
    const started = process.hrtime.bigint();
    let endedAt = started;
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = method === 'proc' && child.pid ? startProcSampler(child.pid) : undefined;
    collect(child.stdout, stdout);
    collect(child.stderr, stderr);
    child.on('exit', () => {
      endedAt = process.hrtime.bigint();
      sampler?.stop();
    });
    child.on('error', (error) => {
      sampler?.stop();
      resolve({ wallMs: 0, peakRssKb: null, exitCode: null, signal: null, stdout: '', stderr: String(error.message) });
    });
    child.on('close', (exitCode, signal) => {
      const err = Buffer.concat(stderr.chunks).toString('utf8');
      const peak = sampler ? sampler.state.peakKb || null : useTime ? parseTimeOutput(method, timeFile, err) : null;
      resolve({
        wallMs: Number(endedAt - started) / 1e6,
        peakRssKb: peak,
        exitCode,
        signal,
        stdout: Buffer.concat(stdout.chunks).toString('utf8'),
        stderr: err,
      });
    });
  });
}
