/**
 * Function (tool) definitions as the OpenAI API renders them into the prompt: a TypeScript-like
 * `namespace functions { … }` block. The same rendering as gpt-tokenizer's
 * formatFunctionDefinitions (our test oracle), except that properties keep document order
 * (JSON.parse would move integer-like names first).
 */
import type { FunctionDefinition, ParameterSchema } from './types';

export function formatFunctionDefinitions(functions: readonly FunctionDefinition[]): string {
  const lines = ['namespace functions {', ''];
  for (const fn of functions) {
    if (fn.description) lines.push(`// ${fn.description}`);
    const properties = fn.parameters?.properties;
    if (!fn.parameters || !properties || properties.length === 0) {
      lines.push(`type ${fn.name} = () => any;`);
    } else {
      lines.push(`type ${fn.name} = (_: {`);
      const formatted = formatProperties(fn.parameters, 0);
      if (formatted.length > 0) lines.push(formatted);
      lines.push('}) => any;');
    }
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

function formatProperties(schema: ParameterSchema, indent: number): string {
  if (!schema.properties) return '';
  const required = new Set(schema.required);
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [name, property] of schema.properties) {
    // Descriptions only at the top two levels, as the API does.
    if (property.description && indent < 2) lines.push(`${pad}// ${property.description}`);
    lines.push(`${pad}${name}${required.has(name) ? '' : '?'}: ${formatType(property, indent)},`);
  }
  return lines.join('\n');
}

function formatType(schema: ParameterSchema, indent: number): string {
  switch (schema.type) {
    case 'string':
      return schema.enum ? schema.enum.map((value) => JSON.stringify(value)).join(' | ') : 'string';
    case 'integer':
    case 'number':
      return schema.enum ? schema.enum.map((value) => `${value}`).join(' | ') : 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return schema.items ? `${formatType(schema.items, indent)}[]` : 'any[]';
    case 'object':
      return `{\n${formatProperties(schema, indent + 2)}\n${' '.repeat(indent)}}`;
    default:
      return 'any';
  }
}
