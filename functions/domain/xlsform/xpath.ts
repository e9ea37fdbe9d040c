// XLSForm's expressions (the XPath subset ODK and Kobo forms use) and Puente's JsonLogic, both
// ways. A tokenizer and a precedence-climbing parser build a syntax tree; the tree is translated
// with the form's fields known, so `${x}` names a real question and `selected()` means what it
// means for that question's type. What has no translation is refused, never guessed.
import { REGEX_PATTERN_MAX } from '../../../forms/engine/expressions.ts';
import type { Expression } from '../../../forms/engine/types.ts';
import { unsupported, type Place } from './refusal.ts';

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'ref'; value: string; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'symbol'; value: string; at: number };

export type Node =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ref'; name: string }
  | { kind: 'self' }
  | { kind: 'name'; name: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'binary'; operator: string; left: Node; right: Node }
  | { kind: 'negate'; operand: Node };

const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_.\-:]/;

function tokenize(text: string, place: Place): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string) => unsupported(place, `${message} at character ${i + 1} of “${text}”`);
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) throw fail('an unclosed ${');
      tokens.push({ kind: 'ref', value: text.slice(i + 2, end).trim(), at: i });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw fail('an unclosed string');
      tokens.push({ kind: 'string', value: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^[0-9]*\.?[0-9]+|^[0-9]+\.?/.exec(text.slice(i))![0];
      tokens.push({ kind: 'number', value: Number(match), at: i });
      i += match.length;
    } else if (nameStart.test(c)) {
      let end = i + 1;
      while (end < text.length && nameChar.test(text[end])) end++;
      // A name does not end in '-' or '.': `${a}-1` is handled above, `x- 1` here.
      while (/[-.]/.test(text[end - 1])) end--;
      tokens.push({ kind: 'name', value: text.slice(i, end), at: i });
      i = end;
    } else {
      const two = text.slice(i, i + 2);
      if (['!=', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'symbol', value: two, at: i });
        i += 2;
      } else if ('=<>+-*(),.'.includes(c)) {
        if (c === '.' && text[i + 1] === '.') throw fail('a parent path (..)');
        tokens.push({ kind: 'symbol', value: c, at: i });
        i++;
      } else {
        throw fail(`the character “${c}”`);
      }
    }
  }
  return tokens;
}

/** Binding power of the binary operators, weakest first (XPath 1.0). */
const precedence: Record<string, number> = { or: 1, and: 2, '=': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, div: 6, mod: 6 };

/** The syntax tree of an XLSForm expression; anything outside the subset is refused at `place`. */
export function parseXPath(text: string, place: Place): Node {
  const tokens = tokenize(text, place);
  let position = 0;
  const fail = (message: string) => unsupported(place, `${message} in “${text}”`);
  const peek = () => tokens[position];
  const operatorAt = (token: Token | undefined) =>
    token && (token.kind === 'symbol' || token.kind === 'name') && token.value in precedence && !(token.kind === 'symbol' && token.value === ',') ? token.value : undefined;
  const expect = (value: string) => {
    const token = tokens[position++];
    if (token?.kind !== 'symbol' || token.value !== value) throw fail(`“${value}” expected`);
  };

  function primary(): Node {
    const token = tokens[position++];
    if (!token) throw fail('the expression ends too soon');
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value };
      case 'string':
        return { kind: 'string', value: token.value };
      case 'ref':
        return { kind: 'ref', name: token.value };
      case 'name': {
        if (peek()?.kind === 'symbol' && peek()!.value === '(') {
          position++;
          const args: Node[] = [];
          if (!(peek()?.kind === 'symbol' && peek()!.value === ')')) {
            args.push(expression(0));
            while (peek()?.kind === 'symbol' && peek()!.value === ',') {
              position++;
              args.push(expression(0));
            }
          }
          expect(')');
          return { kind: 'call', name: token.value, args };
        }
        if (token.value in precedence) throw fail(`“${token.value}” where a value belongs`);
        return { kind: 'name', name: token.value };
      }
      case 'symbol':
        if (token.value === '(') {
          const inner = expression(0);
          expect(')');
          return inner;
        }
        if (token.value === '.') return { kind: 'self' };
        if (token.value === '-') {
          const operand = primary();
          return operand.kind === 'number' ? { kind: 'number', value: -operand.value } : { kind: 'negate', operand };
        }
        throw fail(`“${token.value}” where a value belongs`);
    }
  }

  // Precedence climbing: fold operators at least as strong as `minimum`, left-associative.
  function expression(minimum: number): Node {
    let left = primary();
    for (let operator = operatorAt(peek()); operator && precedence[operator] >= minimum; operator = operatorAt(peek())) {
      position++;
      const right = expression(precedence[operator] + 1);
      left = { kind: 'binary', operator, left, right };
    }
    return left;
  }

  if (tokens.length === 0) throw fail('an empty expression');
  const tree = expression(0);
  if (position < tokens.length) throw fail(`“${tokens[position].value}” unexpected`);
  return tree;
}

/** What the translation needs to know of the form. */
export interface Fields {
  /** Every question and calculation name, with whether its answer is a list (select_multiple). */
  kinds: ReadonlyMap<string, 'list' | 'value'>;
  /** The question `.` means (constraints). */
  self?: string;
  /** In a choice filter, a bare name is a column of the choices sheet. */
  choiceColumns?: ReadonlySet<string>;
}

const comparisons: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const arithmetic: Record<string, string> = { '+': '+', '-': '-', '*': '*', div: '/', mod: '%' };
/** Functions that translate one to one, with how many arguments they take. */
const direct: Record<string, [operation: string, min: number, max: number]> = {
  'string-length': ['string-length', 1, 1],
  'count-selected': ['count-selected', 1, 1],
  regex: ['regex', 2, 2],
  int: ['int', 1, 1],
  coalesce: ['coalesce', 2, 2],
  if: ['if', 3, 3],
  concat: ['cat', 1, Infinity],
};

/** An XLSForm expression as JsonLogic; refused (XLSFORM_UNSUPPORTED at `place`) when it has no translation. */
export function xpathToJsonLogic(text: string, fields: Fields, place: Place): Expression {
  const tree = parseXPath(text, place);
  const fail = (message: string) => unsupported(place, `${message} in “${text}”`);
  const isList = (node: Node) =>
    (node.kind === 'ref' && fields.kinds.get(node.name) === 'list') || (node.kind === 'self' && fields.self !== undefined && fields.kinds.get(fields.self) === 'list');
  const isEmptyString = (node: Node) => node.kind === 'string' && node.value === '';

  function translate(node: Node): unknown {
    switch (node.kind) {
      case 'number':
      case 'string':
        return node.value;
      case 'ref':
        if (!fields.kinds.has(node.name)) throw fail(`\${${node.name}} names no question`);
        return { var: node.name };
      case 'self':
        if (fields.self === undefined) throw fail('“.” has no question here');
        return { var: fields.self };
      case 'name':
        if (fields.choiceColumns?.has(node.name)) return { var: `_choice.${node.name}` };
        throw fail(fields.choiceColumns ? `the choices sheet has no column ${node.name}` : `the bare name ${node.name} (write \${${node.name}})`);
      case 'negate':
        return { '-': [translate(node.operand)] };
      case 'binary': {
        const { operator, left, right } = node;
        if (operator === 'and' || operator === 'or') {
          const flat = (side: Node): unknown[] => (side.kind === 'binary' && side.operator === operator ? [...flat(side.left), ...flat(side.right)] : [translate(side)]);
          return { [operator]: [...flat(left), ...flat(right)] };
        }
        if ((operator === '=' || operator === '!=') && (isEmptyString(left) || isEmptyString(right))) {
          // Unanswered is '' in ODK and undefined in Puente: emptiness is `answered`, not equality.
          const answered = { answered: [translate(isEmptyString(left) ? right : left)] };
          return operator === '!=' ? answered : { '!': answered };
        }
        if (operator in comparisons) return { [comparisons[operator]]: [translate(left), translate(right)] };
        return { [arithmetic[operator]]: [translate(left), translate(right)] };
      }
      case 'call': {
        const { name, args } = node;
        const arity = (min: number, max = min) => {
          if (args.length < min || args.length > max) throw fail(`${name}() takes ${min === max ? min : `${min} or more`} argument(s)`);
        };
        const years = yearsBetween(node);
        if (years) return { years_between: [translate(years[0]), translate(years[1])] };
        if (name in direct) {
          const [operation, min, max] = direct[name];
          arity(min, max);
          if (name === 'regex') checkPattern(args[1], fail);
          return { [operation]: args.map(translate) };
        }
        switch (name) {
          case 'not':
            arity(1);
            return { '!': translate(args[0]) };
          case 'true':
          case 'false':
            arity(0);
            return name === 'true';
          case 'today':
            arity(0);
            return { var: '_today' };
          case 'contains':
            // JsonLogic's `in` over a text is a substring test, as contains() is.
            arity(2);
            return { in: [translate(args[1]), translate(args[0])] };
          case 'selected': {
            arity(2);
            const [list, value] = args;
            // selected('a b c', ${x}): a literal list; selected(${multi}, 'a'): a choice among the answers.
            if (list.kind === 'string') return { in: [translate(value), list.value.split(/\s+/).filter(Boolean)] };
            if (isList(list)) return { in: [translate(value), translate(list)] };
            return { '==': [translate(list), translate(value)] };
          }
          default:
            throw fail(`the function ${name}()`);
        }
      }
    }
  }
  return translate(tree) as Expression;
}

/**
 * A form's pattern runs on the server for every submission: it must be a literal that compiles,
 * and without a repeated group that itself repeats (`(a+)+`), whose backtracking can take
 * exponential time on a crafted answer.
 */
function checkPattern(pattern: Node, fail: (message: string) => Error): void {
  if (pattern.kind !== 'string') throw fail('a regex() whose pattern is not written out');
  if (pattern.value.length > REGEX_PATTERN_MAX) throw fail(`a regex() pattern longer than ${REGEX_PATTERN_MAX} characters`);
  try {
    new RegExp(pattern.value, 'u');
  } catch {
    throw fail('a regex() pattern that does not compile');
  }
  if (/\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\d*\})/.test(pattern.value)) throw fail('a regex() with a repeated group that repeats inside (slow on some answers)');
}

// Whole years between two dates has no XPath function; the export writes it as the difference of
// yyyymmdd numbers over 10000 (exact, birthdays included), and the import recognises that shape.
const YMD = '%Y%m%d';
const yearsBetweenText = (from: string, to: string) => `int((number(format-date(${to}, '${YMD}')) - number(format-date(${from}, '${YMD}'))) div 10000)`;

function yearsBetween(node: Node): [Node, Node] | undefined {
  const ymd = (side: Node) =>
    side.kind === 'call' && side.name === 'number' && side.args.length === 1 && side.args[0].kind === 'call' && side.args[0].name === 'format-date' &&
    side.args[0].args.length === 2 && side.args[0].args[1].kind === 'string' && side.args[0].args[1].value === YMD
      ? side.args[0].args[0]
      : undefined;
  if (node.kind !== 'call' || node.name !== 'int' || node.args.length !== 1) return undefined;
  const division = node.args[0];
  if (division.kind !== 'binary' || division.operator !== 'div' || division.right.kind !== 'number' || division.right.value !== 10000) return undefined;
  const difference = division.left;
  if (difference.kind !== 'binary' || difference.operator !== '-') return undefined;
  const [to, from] = [ymd(difference.left), ymd(difference.right)];
  return to && from ? [from, to] : undefined;
}

const xpathComparisons: Record<string, string> = { '==': '=', '===': '=', '!=': '!=', '!==': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const xpathArithmetic: Record<string, string> = { '+': '+', '*': '*', '/': 'div', '%': 'mod' };
const xpathFunctions: Record<string, string> = { 'string-length': 'string-length', 'count-selected': 'count-selected', regex: 'regex', int: 'int', coalesce: 'coalesce', cat: 'concat' };

/** What the reverse translation needs to know of the form. */
export interface XPathFields {
  /** Names whose answers are lists (multiChoice, countries, languages): `in` over them is selected(). */
  lists: ReadonlySet<string>;
  /** The question `.` stands for (constraints). */
  self?: string;
}

/** A JsonLogic expression as XLSForm XPath; what has no XPath form throws (a Puente form that cannot be exported is a bug to see). */
export function jsonLogicToXPath(expression: Expression | unknown, fields: XPathFields): string {
  const fail = (message: string): never => {
    throw new Error(`no XLSForm for ${message}: ${JSON.stringify(expression).slice(0, 200)}`);
  };
  const literal = (value: unknown): string => {
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : fail('a number that is not finite');
    if (typeof value === 'boolean') return value ? 'true()' : 'false()';
    if (typeof value === 'string') {
      if (!value.includes("'")) return `'${value}'`;
      if (!value.includes('"')) return `"${value}"`;
      return fail('a text with both kinds of quote');
    }
    if (value === null) return "''";
    return fail(`the value ${JSON.stringify(value)}`);
  };
  const ref = (name: string) => (name === '_today' ? 'today()' : name.startsWith('_choice.') ? name.slice('_choice.'.length) : name === fields.self ? '.' : `\${${name}}`);
  // Every compound operand is parenthesised: the text is read by machines, and so it cannot mean anything else.
  const operand = (node: unknown) => {
    const text = write(node);
    return typeof node === 'object' && node !== null && !('var' in node) && !isCall(node) ? `(${text})` : text;
  };
  // These are written as one function call: no parentheses needed around them.
  const isCall = (node: object) => {
    const operation = Object.keys(node)[0];
    return operation in xpathFunctions || ['!', 'if', 'in', 'years_between'].includes(operation);
  };
  function write(node: unknown): string {
    if (node === null || typeof node !== 'object') return literal(node);
    if (Array.isArray(node)) return fail('a list outside `in`');
    const entries = Object.entries(node);
    if (entries.length !== 1) return fail('an object that is not one operation');
    const [operation, raw] = entries[0];
    const args = Array.isArray(raw) ? raw : [raw];
    if (operation === 'var') return typeof args[0] === 'string' ? ref(args[0]) : fail('a var that is not a name');
    if (operation in xpathComparisons) {
      if (args.length !== 2) return fail(`${operation} with ${args.length} operands`);
      return `${operand(args[0])} ${xpathComparisons[operation]} ${operand(args[1])}`;
    }
    if (operation in xpathArithmetic) return args.map(operand).join(` ${xpathArithmetic[operation]} `);
    switch (operation) {
      case 'and':
      case 'or':
        return args.map(operand).join(` ${operation} `);
      case '!':
        return `not(${write(args[0])})`;
      case '-':
        return args.length === 1 ? `-${operand(args[0])}` : args.length === 2 ? `${operand(args[0])} - ${operand(args[1])}` : fail('- with more than two operands');
      case 'if': {
        // JsonLogic's if chains else-ifs: if(a, x, b, y, z) is if(a, x, if(b, y, z)).
        if (args.length < 3 || args.length % 2 === 0) return fail(`if with ${args.length} operands`);
        const chain = (rest: unknown[]): string => (rest.length === 1 ? write(rest[0]) : `if(${write(rest[0])}, ${write(rest[1])}, ${chain(rest.slice(2))})`);
        return chain(args);
      }
      case 'in': {
        const [value, list] = args;
        if (Array.isArray(list)) {
          if (list.some((item) => typeof item !== 'string' || /\s|'/.test(item) || item === '')) return fail('a list with spaces or quotes');
          return `selected('${list.join(' ')}', ${write(value)})`;
        }
        const name = typeof list === 'object' && list !== null && 'var' in list ? String((list as { var: unknown }).var) : undefined;
        if (name !== undefined && fields.lists.has(name)) return `selected(${ref(name)}, ${write(value)})`;
        return `contains(${write(list)}, ${write(value)})`;
      }
      case 'answered':
        return `${operand(args[0])} != ''`;
      case 'years_between':
        return yearsBetweenText(write(args[0]), write(args[1]));
    }
    if (operation in xpathFunctions) return `${xpathFunctions[operation]}(${args.map(write).join(', ')})`;
    return fail(`the operation ${operation}`);
  }
  return write(expression);
}
