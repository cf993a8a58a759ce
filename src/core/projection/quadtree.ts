/**
 * A Barnes–Hut quadtree over 2-D points for t-SNE's repulsive forces (van der Maaten 2014),
 * rebuilt every iteration. Nodes are interleaved in one Float64Array (one cache line each) and
 * four siblings are stored together. Leaves hold one point, except that coincident points, or
 * points closer than the depth limit resolves, share a leaf.
 */

const MAX_DEPTH = 40;
/** Node layout: centre of mass (x, y), cell centre (x, y), half-width, point count, first child. */
const STRIDE = 8;
const MASS_X = 0, MASS_Y = 1, CENTER_X = 2, CENTER_Y = 3, HALF = 4, COUNT = 5, CHILD = 6, DEPTH = 7;

export class QuadTree {
  private nodes: Float64Array = new Float64Array(0);
  /** The point a one-point leaf holds (−1 otherwise), by node. */
  private residents: Int32Array = new Int32Array(0);
  private size = 0;
  private stack: Int32Array = new Int32Array(256);

  /** Rebuilds the tree over `positions` (`rows × 2`). */
  build(positions: Float64Array, rows: number): void {
    this.size = 0;
    this.ensureCapacity(Math.max(16, 4 * rows));
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < rows; i++) {
      const x = positions[2 * i], y = positions[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const half = Math.max(maxX - minX, maxY - minY, 1e-12) / 2 + 1e-5;
    this.addNode((minX + maxX) / 2, (minY + maxY) / 2, half, 0);
    for (let i = 0; i < rows; i++) this.insert(i, positions);
    // Sums of positions become centres of mass.
    const nodes = this.nodes;
    for (let node = 0, at = 0; node < this.size; node++, at += STRIDE) {
      const count = nodes[at + COUNT];
      if (count > 0) {
        nodes[at + MASS_X] /= count;
        nodes[at + MASS_Y] /= count;
      }
    }
  }

  /**
   * Adds point i's unnormalised repulsion Σⱼ (qᵢⱼZ)²(yᵢ − yⱼ) into `forces` and returns
   * Σⱼ≠ᵢ qᵢⱼZ. A cell that does not contain i counts as one body once half-width/distance < θ.
   */
  repulsion(i: number, x: number, y: number, theta: number, forces: Float64Array): number {
    const nodes = this.nodes;
    const thetaSquared = theta * theta;
    let stack = this.stack;
    let sumQ = 0;
    let forceX = 0;
    let forceY = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const at = stack[--top] * STRIDE;
      const count = nodes[at + COUNT];
      if (count === 0) continue;
      const dx = x - nodes[at + MASS_X];
      const dy = y - nodes[at + MASS_Y];
      const distanceSquared = dx * dx + dy * dy;
      const child = nodes[at + CHILD];
      if (child >= 0) {
        const half = nodes[at + HALF];
        const far =
          half * half < thetaSquared * distanceSquared &&
          (Math.abs(x - nodes[at + CENTER_X]) > half || Math.abs(y - nodes[at + CENTER_Y]) > half);
        if (!far) {
          if (top + 4 > stack.length) stack = this.growStack();
          stack[top++] = child;
          stack[top++] = child + 1;
          stack[top++] = child + 2;
          stack[top++] = child + 3;
          continue;
        }
      }
      const q = 1 / (1 + distanceSquared);
      const strength = count * q;
      sumQ += strength;
      forceX += strength * q * dx;
      forceY += strength * q * dy;
    }
    forces[2 * i] += forceX;
    forces[2 * i + 1] += forceY;
    // i itself sat in a leaf (never in a summarised cell) and added q = 1.
    return sumQ - 1;
  }

  private insert(index: number, positions: Float64Array): void {
    const x = positions[2 * index];
    const y = positions[2 * index + 1];
    let node = 0;
    for (;;) {
      const at = node * STRIDE;
      const previous = this.nodes[at + COUNT];
      this.nodes[at + COUNT] = previous + 1;
      this.nodes[at + MASS_X] += x;
      this.nodes[at + MASS_Y] += y;
      if (this.nodes[at + CHILD] < 0) {
        if (previous === 0) {
          this.residents[node] = index;
          return;
        }
        const resident = this.residents[node];
        if (resident < 0 || this.nodes[at + DEPTH] >= MAX_DEPTH) {
          this.residents[node] = -1; // a shared leaf
          return;
        }
        const residentX = positions[2 * resident];
        const residentY = positions[2 * resident + 1];
        if (residentX === x && residentY === y) {
          this.residents[node] = -1;
          return;
        }
        this.subdivide(node);
        this.residents[node] = -1;
        const target = this.childFor(node, residentX, residentY);
        const targetAt = target * STRIDE;
        this.nodes[targetAt + COUNT] = 1;
        this.nodes[targetAt + MASS_X] = residentX;
        this.nodes[targetAt + MASS_Y] = residentY;
        this.residents[target] = resident;
      }
      node = this.childFor(node, x, y);
    }
  }

  private subdivide(node: number): void {
    const at = node * STRIDE;
    const half = this.nodes[at + HALF] / 2;
    const cx = this.nodes[at + CENTER_X];
    const cy = this.nodes[at + CENTER_Y];
    const depth = this.nodes[at + DEPTH] + 1;
    const first = this.addNode(cx - half, cy - half, half, depth);
    this.addNode(cx + half, cy - half, half, depth);
    this.addNode(cx - half, cy + half, half, depth);
    this.addNode(cx + half, cy + half, half, depth);
    this.nodes[at + CHILD] = first;
  }

  private childFor(node: number, x: number, y: number): number {
    const at = node * STRIDE;
    const east = x > this.nodes[at + CENTER_X] ? 1 : 0;
    const north = y > this.nodes[at + CENTER_Y] ? 2 : 0;
    return this.nodes[at + CHILD] + east + north;
  }

  private addNode(cx: number, cy: number, half: number, depth: number): number {
    if (this.size * STRIDE === this.nodes.length) this.ensureCapacity(this.size * 2);
    const node = this.size++;
    const at = node * STRIDE;
    this.nodes[at + MASS_X] = 0;
    this.nodes[at + MASS_Y] = 0;
    this.nodes[at + CENTER_X] = cx;
    this.nodes[at + CENTER_Y] = cy;
    this.nodes[at + HALF] = half;
    this.nodes[at + COUNT] = 0;
    this.nodes[at + CHILD] = -1;
    this.nodes[at + DEPTH] = depth;
    this.residents[node] = -1;
    return node;
  }

  private ensureCapacity(capacity: number): void {
    if (capacity * STRIDE <= this.nodes.length) return;
    const nodes = new Float64Array(capacity * STRIDE);
    nodes.set(this.nodes.subarray(0, this.size * STRIDE));
    const residents = new Int32Array(capacity);
    residents.set(this.residents.subarray(0, this.size));
    this.nodes = nodes;
    this.residents = residents;
  }

  private growStack(): Int32Array {
    const next = new Int32Array(this.stack.length * 2);
    next.set(this.stack);
    this.stack = next;
    return next;
  }
}
