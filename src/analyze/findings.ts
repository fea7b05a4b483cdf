/** Turns raw flows into findings: rule choice, messages, fix, spans, trace, fingerprint, one finding per sink. */
import ts from 'typescript';
import type { Finding, SourceSpan, TraceStep } from '../report/finding.js';
import { fingerprintFinding } from '../report/fingerprint.js';
import { ruleFor } from '../rules/registry.js';
import { fixFor } from '../rules/fixes.js';
import type { FlowFacts, RuleDefinition } from '../rules/rule.js';
import { enclosingFunction, functionName } from '../model/syntax.js';
import type { Flow } from '../taint/sinks.js';
import { redactedSnippet } from '../report/redact.js';
import { stepsOf } from '../taint/types.js';
import { sentOnlyToFirstParty } from './first-party.js';
import type { Symbols } from '../model/symbols.js';
import { posixRelative } from '../report/paths.js';

export function spanOf(node: ts.Node, root: string): SourceSpan {
  const sf = node.getSourceFile();
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return {
    file: posixRelative(root, sf.fileName),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/** A tool's name as the model sees it (`name: 'lookup_invoices'`), else the variable or property it is assigned to. */
function toolNameOf(fn: ts.Node): string | undefined {
  const named = (literal: ts.ObjectLiteralExpression): string | undefined => {
    for (const prop of literal.properties) {
      if (ts.isPropertyAssignment(prop) && /^(name|id|toolName)$/.test(prop.name.getText()) && ts.isStringLiteralLike(prop.initializer)) return prop.initializer.text;
    }
    return undefined;
  };
  let node: ts.Node | undefined = fn.parent;
  for (let i = 0; i < 4 && node; i++, node = node.parent) {
    if (ts.isObjectLiteralExpression(node)) {
      const name = named(node);
      if (name) return name;
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      for (const arg of node.arguments ?? []) {
        const name = ts.isObjectLiteralExpression(arg) ? named(arg) : undefined;
        if (name) return name;
      }
      if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
      if (ts.isPropertyAssignment(node.parent)) return node.parent.name.getText();
      return undefined;
    } else if (ts.isClassLike(node)) {
      return node.name?.text;
    }
  }
  return undefined;
}

function factsOf(flow: Flow): FlowFacts {
  const toolName = flow.tool ? toolNameOf(flow.tool) : undefined;
  return {
    sourceKind: flow.taint.source.kind,
    sinkKind: flow.kind,
    sourceLabel: flow.taint.source.label,
    sinkLabel: flow.sink.label,
    sourceText: flow.taint.source.text ?? redactedSnippet(flow.taint.source.node, 60),
    sinkText: redactedSnippet(flow.node, 60),
    framework: flow.sink.framework,
    confidence: flow.taint.source.confidence,
    ...(flow.taint.condition ? { condition: flow.taint.condition } : {}),
    ...(toolName ? { toolName } : {}),
  };
}

function traceOf(flow: Flow, root: string, rule: RuleDefinition): TraceStep[] {
  const steps: TraceStep[] = [
    { span: spanOf(flow.taint.source.node, root), label: `source: ${flow.taint.source.label}`, snippet: redactedSnippet(flow.taint.source.node), role: 'source' },
  ];
  for (const step of stepsOf(flow.taint.steps)) {
    const span = spanOf(step.node, root);
    const previous = steps[steps.length - 1]!;
    if (previous.span.file === span.file && previous.span.line === span.line && previous.label === step.label) continue;
    steps.push({ span, label: step.label, snippet: redactedSnippet(step.node), role: 'step' });
  }
  if (flow.via) {
    // The sink is reported where the credential sits; this is where it enters the framework call.
    steps.push({ span: spanOf(flow.via, root), label: `handed to ${flow.sink.label}`, snippet: redactedSnippet(flow.via), role: 'step' });
  }
  steps.push({ span: spanOf(flow.node, root), label: `sink (${rule.meta.id}): ${flow.sink.label}`, snippet: redactedSnippet(flow.node), role: 'sink' });
  return steps;
}

/**
 * A flow that went through another flow's sink on its way (`buildHeaders()` returns the
 * Authorization header already reported where it was built) is the same finding, reported
 * once, at the first place the credential crossed the boundary.
 */
function dropDownstreamRepeats(flows: readonly Flow[]): Flow[] {
  const sinkKinds = new Map<ts.Node, Set<string>>();
  for (const f of flows) sinkKinds.set(f.node, new Set([...(sinkKinds.get(f.node) ?? []), f.kind]));
  return flows.filter((f) => !stepsOf(f.taint.steps).some((step) => step.node !== f.node && sinkKinds.get(step.node)?.has(f.kind)));
}

export interface FindingOptions {
  firstPartyAudiences?: readonly string[];
  symbols?: Symbols;
}

export function findingsFromFlows(allFlows: readonly Flow[], root: string, options: FindingOptions = {}): Finding[] {
  const flows = dropDownstreamRepeats(allFlows);
  // One finding per sink location: the most specific rule, then the most confident, shortest trace.
  const bySink = new Map<string, { flow: Flow; rule: RuleDefinition; facts: FlowFacts }>();
  for (const flow of flows) {
    const facts = factsOf(flow);
    const rule = ruleFor(facts);
    if (!rule) continue;
    const span = spanOf(flow.node, root);
    const key = `${span.file}:${span.line}`;
    const current = bySink.get(key);
    if (!current || isBetter({ flow, rule }, current)) bySink.set(key, { flow, rule, facts });
  }
  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  for (const { flow, rule, facts } of bySink.values()) {
    const location = spanOf(flow.node, root);
    const fix = fixFor(rule.meta.id, facts);
    const message = { ...rule.message(facts), fix: fix.summary };
    const firstParty =
      options.symbols !== undefined && sentOnlyToFirstParty(flow, options.firstPartyAudiences ?? [], options.symbols);
    if (firstParty) message.what += ' It is sent only to a first-party API listed in `firstPartyAudiences` (an accepted risk).';
    const enclosing = enclosingFunction(flow.node);
    const base = {
      ruleId: rule.meta.id,
      sinkFile: location.file,
      sinkSnippet: flow.node.getText(),
      sourceSnippet: flow.taint.source.node.getText(),
      sinkEnclosingName: enclosing ? functionName(enclosing) : '',
    };
    const occurrenceKey = JSON.stringify(base);
    const occurrence = occurrences.get(occurrenceKey) ?? 0;
    occurrences.set(occurrenceKey, occurrence + 1);
    findings.push({
      ruleId: rule.meta.id,
      severity: firstParty ? 'note' : rule.severity(facts),
      confidence: facts.confidence,
      message,
      location,
      trace: traceOf(flow, root, rule),
      fix,
      fingerprint: fingerprintFinding({ ...base, occurrence }),
      sourceKind: facts.sourceKind,
      sinkKind: facts.sinkKind,
      framework: facts.framework,
      ...(facts.condition ? { condition: facts.condition } : {}),
    });
  }
  return findings.sort(
    (a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId),
  );
}

const RANK = { high: 3, medium: 2, low: 1 } as const;

function isBetter(a: { flow: Flow; rule: RuleDefinition }, b: { flow: Flow; rule: RuleDefinition }): boolean {
  if (a.rule.priority !== b.rule.priority) return a.rule.priority > b.rule.priority;
  const ca = RANK[a.flow.taint.source.confidence];
  const cb = RANK[b.flow.taint.source.confidence];
  if (ca !== cb) return ca > cb;
  return (a.flow.taint.steps?.length ?? 0) < (b.flow.taint.steps?.length ?? 0);
}
