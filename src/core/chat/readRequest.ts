/** Reads a chat-completion request (or a bare messages array) out of a JSON tree, naming the field when it is wrong. */
import type { JsonArray, JsonNode, JsonObject, JsonString } from './jsonTree';
import type { ChatFunctionCall, ChatMessage, ChatRequest, ChatText, FunctionCallOption, FunctionDefinition, ParameterSchema, SourceRange } from './types';

/** A field that is not what a chat request has there; `path` is like `messages[2].role`. */
export class ChatShapeError extends Error {
  constructor(
    readonly path: string,
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${path}: expected ${expected}, found ${found}`);
  }
}

type Warn = (line: string) => void;

export function describeNode(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return `the string ${JSON.stringify(node.value.length > 24 ? `${node.value.slice(0, 24)}…` : node.value)}`;
    default:
      return String(node.value);
  }
}

function fail(path: string, node: JsonNode, expected: string): never {
  throw new ChatShapeError(path, node.start, expected, describeNode(node));
}

function field(object: JsonObject, key: string): JsonNode | undefined {
  // The last duplicate wins, as in JSON.parse.
  for (let i = object.entries.length - 1; i >= 0; i--) if (object.entries[i].key === key) return object.entries[i].value;
  return undefined;
}

function objectAt(node: JsonNode, path: string): JsonObject {
  return node.kind === 'object' ? node : fail(path, node, 'an object');
}

function arrayAt(node: JsonNode, path: string): JsonArray {
  return node.kind === 'array' ? node : fail(path, node, 'an array');
}

function stringAt(node: JsonNode, path: string): JsonString {
  return node.kind === 'string' ? node : fail(path, node, 'a string');
}

function optionalString(object: JsonObject, key: string, path: string): JsonString | undefined {
  const node = field(object, key);
  return node === undefined || node.kind === 'null' ? undefined : stringAt(node, `${path}.${key}`);
}

export function chatText(node: JsonString): ChatText {
  return { text: node.value, range: { start: node.start + 1, end: node.end - 1 }, escapes: node.escapes };
}

function span(node: JsonNode): SourceRange {
  return { start: node.start, end: node.end };
}

/** `{"messages": [...], "functions"|"tools"?: [...], ...}`; other fields (model, temperature, …) are ignored. */
export function readRequest(node: JsonNode, path: string, warn: Warn): ChatRequest {
  const object = objectAt(node, path || 'the request');
  const messagesNode = field(object, 'messages');
  if (!messagesNode) throw new ChatShapeError(`${path || 'the request'}`, object.start, 'a "messages" field', 'none');
  const messages = readMessages(messagesNode, join(path, 'messages'), warn);
  const functions: FunctionDefinition[] = [];
  let functionsRange: SourceRange | undefined;
  const functionsNode = field(object, 'functions');
  if (functionsNode && functionsNode.kind !== 'null') {
    const list = arrayAt(functionsNode, join(path, 'functions'));
    list.items.forEach((item, i) => functions.push(readFunction(item, `${join(path, 'functions')}[${i}]`)));
    functionsRange = span(list);
  }
  const toolsNode = field(object, 'tools');
  if (toolsNode && toolsNode.kind !== 'null') {
    const list = arrayAt(toolsNode, join(path, 'tools'));
    list.items.forEach((item, i) => {
      const toolPath = `${join(path, 'tools')}[${i}]`;
      const tool = objectAt(item, toolPath);
      const type = optionalString(tool, 'type', toolPath)?.value ?? 'function';
      const fn = field(tool, 'function');
      if (type !== 'function' || !fn) return warn(`${toolPath}: a "${type}" tool is not counted`);
      functions.push(readFunction(fn, `${toolPath}.function`));
    });
    functionsRange = functionsRange ? { start: Math.min(functionsRange.start, list.start), end: Math.max(functionsRange.end, list.end) } : span(list);
  }
  const { option, range } = readFunctionCallOption(object, path);
  const modelNode = field(object, 'model'); // metadata: a model that is not a string is just not known
  const model = modelNode?.kind === 'string' ? modelNode.value : undefined;
  return { messages, functions, functionsRange, functionCall: option, functionCallRange: range, range: span(object), model };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function readMessages(node: JsonNode, path: string, warn: Warn): ChatMessage[] {
  return arrayAt(node, path).items.map((item, i) => readMessage(item, `${path}[${i}]`, warn));
}

function readMessage(node: JsonNode, path: string, warn: Warn): ChatMessage {
  const object = objectAt(node, path);
  const roleNode = field(object, 'role');
  if (!roleNode) throw new ChatShapeError(`${path}.role`, object.start, 'a role (system, user, assistant, …)', 'none');
  const role = stringAt(roleNode, `${path}.role`);
  const roleEntry = object.entries.find((entry) => entry.value === roleNode);
  const roleRange = roleEntry ? { start: roleEntry.keyRange.start, end: role.end } : span(role);
  const name = optionalString(object, 'name', path);
  const content: ChatText[] = [];
  const contentNode = field(object, 'content');
  if (contentNode?.kind === 'string') content.push(chatText(contentNode));
  else if (contentNode?.kind === 'array') {
    contentNode.items.forEach((part, i) => {
      const partPath = `${path}.content[${i}]`;
      const partObject = objectAt(part, partPath);
      const type = optionalString(partObject, 'type', partPath)?.value;
      const text = optionalString(partObject, 'text', partPath);
      if ((type === 'text' || type === undefined) && text) content.push(chatText(text));
      else warn(`${partPath}: a "${type ?? 'untyped'}" part is not counted`);
    });
  } else if (contentNode && contentNode.kind !== 'null') fail(`${path}.content`, contentNode, 'a string, an array of parts or null');
  const functionCalls: ChatFunctionCall[] = [];
  const functionCall = field(object, 'function_call');
  if (functionCall && functionCall.kind !== 'null') functionCalls.push(readCall(functionCall, `${path}.function_call`));
  const toolCalls = field(object, 'tool_calls');
  if (toolCalls && toolCalls.kind !== 'null') {
    arrayAt(toolCalls, `${path}.tool_calls`).items.forEach((call, i) => {
      const callPath = `${path}.tool_calls[${i}]`;
      const fn = field(objectAt(call, callPath), 'function');
      if (fn) functionCalls.push({ ...readCall(fn, `${callPath}.function`), range: span(call) });
      else warn(`${callPath}: a tool call without "function" is not counted`);
    });
  }
  return { role: role.value, roleRange, name: name && chatText(name), content, functionCalls, range: span(object) };
}

function readCall(node: JsonNode, path: string): ChatFunctionCall {
  const object = objectAt(node, path);
  const name = optionalString(object, 'name', path);
  const args = optionalString(object, 'arguments', path);
  return { name: name && chatText(name), arguments: args && chatText(args), range: span(object) };
}

function readFunction(node: JsonNode, path: string): FunctionDefinition {
  const object = objectAt(node, path);
  const nameNode = field(object, 'name');
  if (!nameNode) throw new ChatShapeError(`${path}.name`, object.start, 'a function name', 'none');
  const name = stringAt(nameNode, `${path}.name`).value;
  const description = optionalString(object, 'description', path)?.value;
  const parametersNode = field(object, 'parameters');
  const parameters = parametersNode && parametersNode.kind !== 'null' ? readSchema(parametersNode, `${path}.parameters`) : undefined;
  return { name, description, parameters, range: span(object) };
}

/** Lenient, like the API's own formatting: what is not a schema keyword it reads is ignored. */
function readSchema(node: JsonNode, path: string): ParameterSchema {
  const object = objectAt(node, path);
  const typeNode = field(object, 'type');
  const descriptionNode = field(object, 'description');
  const enumNode = field(object, 'enum');
  const itemsNode = field(object, 'items');
  const propertiesNode = field(object, 'properties');
  const requiredNode = field(object, 'required');
  const properties =
    propertiesNode?.kind === 'object'
      ? propertiesNode.entries.map((entry) => [entry.key, readSchema(entry.value, `${path}.properties.${entry.key}`)] as const)
      : undefined;
  return {
    type: typeNode?.kind === 'string' ? typeNode.value : undefined,
    description: descriptionNode?.kind === 'string' ? descriptionNode.value : undefined,
    enum: enumNode?.kind === 'array' ? enumNode.items.map((item) => (item.kind === 'object' || item.kind === 'array' ? undefined : item.value)) : undefined,
    items: itemsNode?.kind === 'object' ? readSchema(itemsNode, `${path}.items`) : undefined,
    properties,
    required: requiredNode?.kind === 'array' ? requiredNode.items.flatMap((item) => (item.kind === 'string' ? [item.value] : [])) : [],
  };
}

function readFunctionCallOption(object: JsonObject, path: string): { option: FunctionCallOption; range: SourceRange | undefined } {
  for (const key of ['function_call', 'tool_choice']) {
    const node = field(object, key);
    if (!node || node.kind === 'null') continue;
    const keyPath = join(path, key);
    if (node.kind === 'string') {
      // 'required' (tools) is billed like auto as far as anyone has measured.
      return { option: node.value === 'none' ? { kind: 'none' } : { kind: 'auto' }, range: span(node) };
    }
    const choice = objectAt(node, keyPath);
    const inner = key === 'tool_choice' ? field(choice, 'function') : choice;
    const nameNode = inner?.kind === 'object' ? field(inner, 'name') : undefined;
    if (!nameNode) fail(keyPath, node, key === 'tool_choice' ? '{"type": "function", "function": {"name": …}}' : '{"name": …}');
    return { option: { kind: 'named', name: stringAt(nameNode, `${keyPath}.name`).value }, range: span(node) };
  }
  return { option: { kind: 'auto' }, range: undefined };
}
