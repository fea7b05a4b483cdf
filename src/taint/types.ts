/** What the taint engine answers: where a credential came from and what carried it. */
import type ts from 'typescript';
import type { Confidence } from '../report/finding.js';
import type { SourceKind } from '../model/pack.js';
import type { FunctionLike } from '../model/syntax.js';

export interface SourceHit {
  id: string;
  kind: SourceKind;
  label: string;
  confidence: Confidence;
  node: ts.Node;
  /** How to show the source when its node alone says too little (a parameter: `extra.authInfo.token`). */
  text?: string;
  /** A framework hands it to a callback (MCP `extra`, Genkit `context`): the callback received it, it did not fetch it. */
  viaParameter?: boolean;
}

export interface Step {
  node: ts.Node;
  label: string;
}

/**
 * The steps after the source, newest last, as a persistent list: every hop adds one cell
 * instead of copying the whole trace (traces are built on every query, most are dropped).
 */
export interface StepList {
  step: Step;
  previous: StepList | undefined;
  length: number;
}

/** The steps in flow order (source → here). */
export function stepsOf(list: StepList | undefined): Step[] {
  const out: Step[] = [];
  for (let cell = list; cell; cell = cell.previous) out.push(cell.step);
  return out.reverse();
}

export interface Taint {
  source: SourceHit;
  /** Steps after the source (see stepsOf). */
  steps: StepList | undefined;
  /** A condition the flow depends on (config-gated forwarding). */
  condition?: string;
}

/** A call site bound to the function it entered, so a parameter maps back to its argument. */
export interface Frame {
  fn: FunctionLike;
  args: ReadonlyArray<ts.Expression | undefined>;
  site: ts.Node;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/** The better of two answers: more confident first, then the shorter trace. */
export function better(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  const ra = CONFIDENCE_RANK[a.source.confidence];
  const rb = CONFIDENCE_RANK[b.source.confidence];
  if (ra !== rb) return ra > rb ? a : b;
  return (b.steps?.length ?? 0) < (a.steps?.length ?? 0) ? b : a;
}

export function withStep(taint: Taint | undefined, node: ts.Node, label: string): Taint | undefined {
  if (!taint) return undefined;
  if (taint.steps?.step.node === node) return taint;
  return { ...taint, steps: { step: { node, label }, previous: taint.steps, length: (taint.steps?.length ?? 0) + 1 } };
}

export function withCondition(taint: Taint | undefined, condition: string | undefined): Taint | undefined {
  if (!taint || !condition || taint.condition) return taint;
  return { ...taint, condition };
}
