/** Waits end on their event or on the first stop, and release every listener either way. */
import * as assert from 'node:assert/strict';
import { nextEvent, promiseOrStop } from '../../../src/extension/util/waits';

/** An in-memory event that counts its live listeners. */
class FakeEvent<T> {
  private readonly listeners = new Set<(value: T) => unknown>();
  readonly event = (listener: (value: T) => unknown) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  get live(): number {
    return this.listeners.size;
  }
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

describe('waits (src/extension/util/waits.ts)', () => {
  it('nextEvent resolves on an accepted value and releases its listeners', async () => {
    const changes = new FakeEvent<string>();
    const close = new FakeEvent<void>();
    const wait = nextEvent(changes.event, (value) => value === 'mine', [close.event], 'stopped');
    changes.fire('other');
    assert.equal(changes.live, 1, 'still waiting after a value it does not take');
    changes.fire('mine');
    assert.equal(await wait, 'mine');
    assert.deepEqual([changes.live, close.live], [0, 0]);
  });

  for (const which of ['close', 'cancel', 'dispose'] as const) {
    it(`nextEvent settles on ${which} and releases every listener`, async () => {
      const changes = new FakeEvent<string>();
      const stops = { close: new FakeEvent<void>(), cancel: new FakeEvent<void>(), dispose: new FakeEvent<void>() };
      const wait = nextEvent(changes.event, () => true, Object.values(stops).map((stop) => stop.event), 'stopped');
      stops[which].fire();
      assert.equal(await wait, 'stopped');
      assert.deepEqual([changes.live, ...Object.values(stops).map((stop) => stop.live)], [0, 0, 0, 0]);
    });
  }

  it('promiseOrStop settles on a stop while the promise never does, and releases the stop listeners', async () => {
    const close = new FakeEvent<void>();
    const wait = promiseOrStop(new Promise<number>(() => undefined), [close.event], 'stopped');
    close.fire();
    assert.equal(await wait, 'stopped');
    assert.equal(close.live, 0);
    assert.equal(await promiseOrStop(Promise.resolve(3), [close.event], 'stopped'), 3);
    assert.equal(close.live, 0);
    await assert.rejects(promiseOrStop(Promise.reject(new Error('no rank file')), [close.event], 'stopped'), /no rank file/);
    assert.equal(close.live, 0);
  });
});
