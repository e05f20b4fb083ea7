/** JSON that puts a value on one line when it fits in 100 columns, else one member per line. */
export function compactJson(value: unknown, indent = '', used = 0): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || indent.length + used + flat.length <= 100) return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, JSON.stringify(k).length + 2)}`).join(',\n')}\n${indent}}`;
}
