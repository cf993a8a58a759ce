import * as assert from 'node:assert/strict';
import { type Infer, array, boolean, integer, keyed, literal, message, messages, nullable, number, object, refine, string } from '../../src/core/schema';

// ── checked by the compiler (npm run typecheck) ───────────────────────────────────────────
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
const Point = object({ x: number(), label: nullable(string({ max: 8 })), tags: array(literal('a', 'b'), { max: 2 }) });
const Ping = message('ping', { at: integer() });
const Pong = refine(message('pong', { ok: boolean }), () => undefined);
const Wire = messages(Ping, Pong);
export type SchemaTypes = [
  Assert<Equal<Infer<typeof Point>, { readonly x: number; readonly label: string | null; readonly tags: readonly ('a' | 'b')[] }>>,
  Assert<Equal<Infer<typeof Wire>, { readonly type: 'ping'; readonly at: number } | { readonly type: 'pong'; readonly ok: boolean }>>,
  Assert<Equal<Infer<ReturnType<typeof keyed<'one' | 'two', string>>>, { readonly one: string; readonly two: string }>>,
];

describe('schema', () => {
  it('accepts what matches and names the first field that does not', () => {
    assert.equal(Point.check({ x: 1.5, label: null, tags: ['a'] }, 'point'), undefined);
    assert.equal(Point.check({ x: 1.5, label: 'long label', tags: [] }, 'point'), 'point.label: expected a string of at most 8 characters, found "long label"');
    assert.equal(Point.check({ x: Infinity, label: null, tags: [] }, 'point'), 'point.x: expected a finite number, found Infinity');
    assert.equal(Point.check({ x: 0, label: null, tags: ['a', 'c'] }, 'point'), 'point.tags[1]: expected "a" or "b", found "c"');
    assert.equal(Point.check({ x: 0, label: null, tags: ['a', 'a', 'a'] }, 'point'), 'point.tags: expected an array of at most 2 items, found an array');
    assert.equal(Point.check([], 'point'), 'point: expected an object, found an array');
  });

  it('reads only own fields: inherited values and __proto__ keys are not fields', () => {
    const inherited = Object.assign(Object.create({ at: 3 }), { type: 'ping' });
    assert.equal(Wire.check(inherited, 'message'), 'ping.at: expected an integer ≥ 0, found undefined');
    assert.equal(Wire.check(JSON.parse('{"type": "ping", "__proto__": {"at": 3}}'), 'message'), 'ping.at: expected an integer ≥ 0, found undefined');
    assert.equal(Wire.check({ type: 'constructor' }, 'message'), 'message.type: unknown message type "constructor"');
  });

  it('checks numbers against their range, and messages with their cross-field rule', () => {
    assert.equal(number({ min: 0, max: 1 }).check(1.5, 'f'), 'f: expected a number from 0 to 1, found 1.5');
    assert.equal(number({ min: 2 }).check(1, 'f'), 'f: expected a number ≥ 2, found 1');
    const Even = refine(message('even', { n: integer() }), ({ n }, path) => (n % 2 === 0 ? undefined : `${path}.n: expected an even number, found ${n}`));
    assert.equal(Even.check({ type: 'even', n: 4 }, 'even'), undefined);
    assert.equal(Even.check({ type: 'even', n: 3 }, 'even'), 'even.n: expected an even number, found 3');
    assert.equal(keyed(['one', 'two'], string({ max: 3 })).check({ one: 'a' }, 'strings'), 'strings.two: expected a string of at most 3 characters, found undefined');
  });
});
