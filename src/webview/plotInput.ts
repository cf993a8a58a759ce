/** Pointer, wheel and keyboard on the plot: drag pans, wheel zooms at the pointer, click selects, keys do all of it. */
import type { Scatter } from './scatter';
import { panBy, zoomAt } from './viewport';

const KEY_PAN_PX = 40;
/** A press that moves less than this is a click, not a drag. */
const CLICK_SLOP_PX = 4;

export function attachPlotInput(canvas: HTMLCanvasElement, plot: Scatter): void {
  let drag: { x: number; y: number; moved: boolean; id: number } | undefined;
  const local = (event: MouseEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const pan = (dx: number, dy: number) => plot.setCamera(panBy(plot.view.camera, plot.view.size, dx, dy));

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, moved: false, id: event.pointerId };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (drag && drag.id === event.pointerId) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && dx * dx + dy * dy < CLICK_SLOP_PX ** 2) return;
      drag = { ...drag, x: event.clientX, y: event.clientY, moved: true };
      canvas.classList.add('dragging');
      pan(dx, dy);
      return;
    }
    const [x, y] = local(event);
    plot.setHover(plot.hit(x, y), event.clientX, event.clientY);
  });
  canvas.addEventListener('pointerup', (event) => {
    const pressed = drag;
    drag = undefined;
    canvas.classList.remove('dragging');
    if (!pressed || pressed.moved) return;
    const index = plot.hit(...local(event));
    if (index !== undefined) plot.select(index);
  });
  canvas.addEventListener('pointerleave', () => plot.setHover(undefined, 0, 0));
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const [x, y] = local(event);
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      plot.setCamera(zoomAt(plot.view.camera, plot.view.size, Math.exp(-delta * 0.0015), x, y));
    },
    { passive: false },
  );
  canvas.addEventListener('keydown', (event) => {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => pan(KEY_PAN_PX, 0),
      ArrowRight: () => pan(-KEY_PAN_PX, 0),
      ArrowUp: () => pan(0, KEY_PAN_PX),
      ArrowDown: () => pan(0, -KEY_PAN_PX),
      '+': () => plot.zoomBy(1.25),
      '=': () => plot.zoomBy(1.25),
      '-': () => plot.zoomBy(0.8),
      '0': () => plot.home(),
      '[': () => plot.step(-1),
      ']': () => plot.step(1),
      Enter: () => plot.selectActive(),
    };
    const action = actions[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  });
}
