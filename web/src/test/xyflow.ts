// React Flow measures its nodes before it draws them and their edges; jsdom lays nothing out.
// These stand-ins (as React Flow's testing guide recommends) report every element as measured.

class MeasuringResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}

class DOMMatrixReadOnlyStub {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

/** Makes React Flow render its nodes and edges in jsdom; call before rendering a graph. */
export function mockReactFlow() {
  window.ResizeObserver = MeasuringResizeObserver as unknown as typeof ResizeObserver;
  Object.assign(window, { DOMMatrixReadOnly: DOMMatrixReadOnlyStub });
  Object.defineProperties(window.HTMLElement.prototype, {
    offsetHeight: { configurable: true, get(this: HTMLElement) { return Number.parseFloat(this.style.height) || 1; } },
    offsetWidth: { configurable: true, get(this: HTMLElement) { return Number.parseFloat(this.style.width) || 1; } },
  });
  Object.assign(window.SVGElement.prototype, { getBBox: () => ({ x: 0, y: 0, width: 0, height: 0 }) });
}
