/**
 * The subset of the SARIF 2.1.0 object model that sarif.ts writes, typed so that a
 * misspelt property is a compile error rather than a log that code scanning rejects.
 * Names follow the OASIS spec; see test/schemas/sarif-schema-2.1.0.json.
 */

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region?: SarifRegion;
}

export interface SarifLocation {
  id?: number;
  physicalLocation?: SarifPhysicalLocation;
  message?: SarifMessage;
}

export interface SarifThreadFlowLocation {
  location: SarifLocation;
  kinds: string[];
  nestingLevel: number;
  executionOrder: number;
  importance: 'important' | 'essential' | 'unimportant';
}

export interface SarifThreadFlow {
  message?: SarifMessage;
  locations: SarifThreadFlowLocation[];
  properties?: { totalSteps: number; omittedSteps: { first: number; last: number } };
}

export interface SarifSuppression {
  kind: 'inSource' | 'external';
  status: 'accepted';
  justification?: string;
  location?: SarifLocation;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  codeFlows?: Array<{ threadFlows: SarifThreadFlow[] }>;
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  properties: {
    confidence: string;
    sourceKind: string;
    sinkKind: string;
    framework?: string;
    condition?: string;
    fix: { summary: string; example?: string };
  };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage & { markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    precision: 'very-high' | 'high' | 'medium' | 'low';
    'security-severity': string;
    'problem.severity': 'error' | 'warning' | 'recommendation';
  };
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor: { id: string };
  locations?: SarifLocation[];
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: SarifNotification[] }>;
  originalUriBaseIds: Record<string, { uri: string }>;
  columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
  results: SarifResult[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
