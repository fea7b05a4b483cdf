/**
 * The shape of a rule pack (`rules/<framework>/*.yml`): framework knowledge as data.
 * `rules/pack.schema.json` validates the same shape; keep the two in step
 * (test/model/packs.test.ts checks every bundled pack against the schema).
 *
 * Vocabulary
 * - An **API reference** names a value by the package it is imported from and an access
 *   path below the import: `tool`, `Runner().run`, `createClient().auth.getSession()`.
 *   Segments are property names; `()` is "the result of calling or constructing it";
 *   `default` is the default export; `*` matches any one segment.
 * - A **chain** is the tail of a property-access chain, whatever its root:
 *   `headers.authorization` matches `req.headers.authorization`, `ctx.request.headers.authorization`.
 * - A **path** inside a value: `context`, `transport.headers`, `mcpServers.*.headers`.
 */

export interface Pack {
  /** Unique pack id, kebab-case. */
  pack: string;
  description: string;
  /** The npm packages this pack models, with the versions its shapes were checked against. */
  checkedAgainst: Record<string, string>;
  references?: string[];
  sources?: SourceSpec[];
  sinks?: SinkSpec[];
  sanitizers?: SanitizerSpec[];
  propagators?: PropagatorSpec[];
  contextReaders?: ContextReaderSpec[];
  contextWriters?: ContextWriterSpec[];
  /**
   * Module specifiers (prefixes) whose import marks a file as an MCP server: the Authorization
   * header of a request it receives is the MCP client's token, so forwarding it is passthrough.
   */
  mcpServerModules?: string[];
}

/**
 * Framework-implicit propagation: a function the framework calls with a context object
 * (a tool's run context, an instructions callback, a LangChain config). What a call sink
 * with the same `channel` put into that context can be read back here.
 */
export interface ContextReaderSpec {
  id: string;
  channel: string;
  /**
   * Credentials read through this channel are re-labelled with this source kind (what the
   * Authorization header of a request to an MCP server carries is the MCP client's token).
   */
  sourceKindAs?: SourceKind;
  /** Or: a field of a class that extends a framework class (`this.props` of a Cloudflare McpAgent). */
  thisField?: { classExtends: ApiRef | ApiRef[]; field: string };
  /** Or: a request-scoped object reached through a handler parameter (`ctx.state` of Koa, `res.locals` of Express). */
  chain?: string;
  function?: {
    of: CallMatcher;
    arg: number | 'last';
    /** The property of the options object that holds the function. */
    property?: string;
  };
  /** Parameter position, and the path inside it where the context sits (`context`, `configurable`, `requestContext`). */
  index?: number;
  path?: string;
}

/** Assignments that put values into a channel (`ctx.props = { … }` in a Worker's fetch handler). */
export interface ContextWriterSpec {
  id: string;
  channel: string;
  /** The assignment target's chain ends so (`ctx.props`, `ctx.state`). */
  assignment?: { chain: string };
  /** Or: what a callback returns (`authenticate` of FastMCP: its result is every tool's `session`). */
  returnOf?: { of: CallMatcher; arg: number | 'last'; property?: string };
  /** Or: calls that store a value under a key (`c.set('token', v)` of Hono). */
  call?: CallMatcher;
  keyArg?: number;
  valueArg?: number;
}

/** Where a function or value comes from: an import of one of `from` (a package or a package prefix), then `path`. */
export interface ApiRef {
  from: string[];
  path: string;
}

/**
 * How a call is recognised. At least one of `api`, `method`, `function`.
 * - `api`: the callee resolves (through imports, re-exports, variables and factory returns) to this API reference.
 * - `method`: the callee is `<receiver>.<method>`; with `receiver`, the receiver expression's chain ends so
 *   (e.g. `auth` for `supabase.auth.getSession`). Used when the receiver cannot be resolved to a package.
 * - `function`: a bare call of a function with this name, whatever it resolves to (last resort; keep names distinctive).
 */
export interface CallMatcher {
  api?: ApiRef | ApiRef[];
  method?: string | string[];
  receiver?: string;
  function?: string | string[];
  /** Only when the callee is imported from a package (not the project, not a global). */
  external?: boolean;
  /** Only `new X(…)`. */
  constructed?: boolean;
  /** Not when these arguments are string literals matching one of these (e.g. non-credential cookie names). */
  argsNot?: Record<string, string[]>;
  /** Only when these arguments are string literals with one of these values (case-insensitive). */
  args?: Record<string, string[]>;
}

export type SourceKind =
  | 'authorization-header'
  | 'request-headers'
  | 'cookie'
  | 'session-token'
  | 'sso-token'
  | 'mcp-inbound-token'
  | 'api-key-header'
  | 'heuristic-name';

export interface SourceSpecBase {
  id: string;
  kind: SourceKind;
  /** Shown as the first trace step, e.g. "Authorization header of the incoming request". */
  label: string;
  /** high → findings at `error`; medium/low → `warning`. */
  confidence?: 'high' | 'medium' | 'low';
}

/** A property-access chain, e.g. `headers.authorization` or `session.**.accessToken`. */
export interface ChainSourceSpec extends SourceSpecBase {
  chain: string | string[];
  /** Only when the last segment of the accessed chain matches this regular expression (case-insensitive). */
  lastSegment?: string;
  /** Not when the last segment matches this regular expression (case-insensitive): `cookies.theme`. */
  lastSegmentNot?: string;
}

/** The value a call returns, or credential-bearing paths inside it (`data.session.access_token`). */
export interface CallSourceSpec extends SourceSpecBase {
  call: CallMatcher;
  /** Paths inside the (awaited) result that hold the credential; `""` is the result itself. Default `[""]`. */
  returns?: string[];
}

/** A parameter of a callback that a framework calls with the credential (MCP tool handler `extra`, Passport verify). */
export interface ParamSourceSpec extends SourceSpecBase {
  param: {
    /** The call the callback is passed to. */
    of?: CallMatcher;
    /** Argument position of the callback: a number, `last`, or `N.prop` for a callback inside an options object. */
    callback?: number | 'last' | string;
    /** Or: a method at this property path of any object literal (`callbacks.jwt` of NextAuth options). */
    objectMethod?: string;
    /** Parameter position(s) in the callback; `last` for a context argument that follows optional ones. */
    index: number | number[] | 'last';
    /**
     * With `index: last`: a callback with a single parameter gets the context only when the
     * registration passes no input (MCP's `(args, extra)` versus `(extra)`). An argument between
     * the first and the callback is input unless it is a string, or an options object that has
     * one of `optionKeys` and none of `schemaKeys`.
     */
    input?: { schemaKeys: string[]; optionKeys: string[] };
    /** Credential paths inside that parameter; `""` is the parameter itself. */
    paths: string[];
  };
}

export type SourceSpec = ChainSourceSpec | CallSourceSpec | ParamSourceSpec;

export type SinkKind =
  /** A step of an agent graph: no finding itself, but invocations made from it are for another agent. */
  | 'agent-step'
  /** The implementation of an agent tool: whatever it captures from outside is handed to the agent. */
  | 'tool-implementation'
  /** Context/config objects that tools read (`context`, `configurable`, `experimental_context`, …). */
  | 'tool-context'
  /** Arguments handed to a tool directly (a hand-written tool-use loop, `tool.invoke`). */
  | 'tool-argument'
  /** An agent invocation for another agent: remote agent headers, A2A, a sub-graph. */
  | 'subagent'
  /** An MCP client transport: headers, auth provider, custom fetch. */
  | 'mcp-client'
  /** What the model reads: prompt, messages, system instructions. */
  | 'prompt'
  /** A credential placed into an outgoing HTTP request or API client (used for MCP passthrough). */
  | 'outbound-request';

export interface SinkSpecBase {
  id: string;
  kind: SinkKind;
  /** Short description of the sink for trace labels, e.g. "run context of an OpenAI Agents run". */
  label: string;
  /** The framework named in messages and fixes, e.g. "@openai/agents". */
  framework: string;
}


/** A value passed to a call: `arg` position, then optional `path` inside it (`context`, `transport.headers`). */
export interface CallSinkSpec extends SinkSpecBase {
  call: CallMatcher;
  arg: number | 'last';
  /** Paths inside the argument; omit for the argument itself. `*` matches any key. */
  paths?: string[];
  /** Values put in here can be read back by the context readers of this channel. */
  channel?: string;
  /** For `set(key, value)` sinks: the argument that holds the key. */
  keyArg?: number;
  /** Report at the sink property itself rather than deeper (`authProvider:` for a provider object). */
  reportAtProperty?: boolean;
  /** Only when the value itself is the credential (`new WebClient(token)`), not when it merely holds one somewhere. */
  direct?: boolean;
  /** Only when the URL argument's text (with constants resolved) matches this regular expression. */
  url?: { arg: number; pattern: string };
}

/** A function that implements a tool: found as argument `arg` (then `property`) of the call. */
export interface ToolFunctionSinkSpec extends SinkSpecBase {
  /** `tool-implementation` (captures are findings), `subagent` (an agent-to-agent callback such as onHandoff), or `agent-step` (a graph node: only what it invokes counts). */
  kind: 'tool-implementation' | 'subagent' | 'agent-step';
  toolFunction: {
    of: CallMatcher;
    arg: number | 'last';
    /** The property of the options object that holds the function (`execute`, `func`, `handler`). */
    property?: string;
  };
}

/** A method of a class that extends a framework class (`class X extends StructuredTool { _call() {} }`). */
export interface ToolMethodSinkSpec extends SinkSpecBase {
  kind: 'tool-implementation';
  toolMethod: {
    extends: ApiRef | ApiRef[];
    methods: string[];
  };
}

/** An object-literal property with one of these names, anywhere (generic outbound headers and client options). */
export interface PropertySinkSpec extends SinkSpecBase {
  property: {
    names: string[];
    /** Only inside the arguments of a call or `new` of something imported from a package, or of global `fetch`. */
    insideExternalCall?: boolean;
    /** Only when the object leaves the function toward a package or global call (directly, returned, or through a variable). */
    outward?: boolean;
    /** Calls that receive such an object without sending it on (token verification helpers). */
    notInto?: CallMatcher[];
  };
}

/** What a callback passed to a call returns (a platform auth handler whose result becomes every run's context). */
export interface ReturnSinkSpec extends SinkSpecBase {
  returnOf: {
    of: CallMatcher;
    callback: number | 'last';
    /** The property of the options object that holds the callback (`contextProvider`). */
    property?: string;
  };
}

/** A JSX attribute of a framework component (`<CopilotKit properties={{ authorization }}>`). */
export interface JsxSinkSpec extends SinkSpecBase {
  jsx: { element: string; attribute: string; paths?: string[] };
}

/**
 * A framework default that forwards credentials with no data flow in the app's code
 * (a runtime that passes the incoming Authorization header on to remote agents unless told
 * otherwise): reported on the configuration, when `present` paths exist and `absent` don't.
 */
export interface ConfigurationSinkSpec extends SinkSpecBase {
  configuration: {
    of: CallMatcher;
    arg: number;
    present: string[];
    absent: string[];
    /** The credential the default forwards. */
    source: { kind: SourceKind; label: string };
  };
}

export type SinkSpec = ConfigurationSinkSpec | JsxSinkSpec | CallSinkSpec | ToolFunctionSinkSpec | ToolMethodSinkSpec | PropertySinkSpec | ReturnSinkSpec;

/** A call that turns the user's credential into a delegated one (token exchange, OBO, token vault). */
export interface SanitizerSpec {
  id: string;
  label: string;
  call?: CallMatcher;
  /** Any call with an argument that contains this string literal (e.g. the token-exchange grant type URN). */
  literalInArguments?: string[];
}

/** A call whose result carries its input's credential on (string methods, encoders, header builders). */
export interface PropagatorSpec {
  id: string;
  call: CallMatcher;
  /** Where the credential comes from: `receiver`, or argument positions. */
  from: Array<'receiver' | number>;
  /**
   * How the result relates to the input: `value` (a string transform: the result is the credential),
   * `same` (the same object: fields pass through), `parse` (any field of the result may hold it),
   * `serialize` (the result contains any credential found anywhere inside the input).
   */
  mode?: 'value' | 'same' | 'parse' | 'serialize' | 'element';
  /**
   * `entries.map(([name, value]) => [name, String(value)])`: only when the callback (argument 0)
   * returns something built from the element's value, not just its key (`.map(([name]) => name)`).
   */
  callbackKeepsValue?: boolean;
}
