// Reusable working memory for heatmap layouts (browser main thread; pure TS). A layout of
// 60 x 100 cells x 11 layers needs about 1 MB of typed arrays that die as soon as it is
// done; eight heatmaps at 1 Hz would hand V8 8 MB/s of large external buffers, whose
// pressure brings on the full collections that show up as long tasks. The layout borrows
// them from here instead: each named buffer grows to the largest size asked for and is
// reused (zeroed on request). Only synchronous code may hold one, and nothing returned to a
// caller may point into it.

type Kind = 'f64' | 'u32' | 'u16' | 'u8' | 'i32';
const CTOR = { f64: Float64Array, u32: Uint32Array, u16: Uint16Array, u8: Uint8Array, i32: Int32Array } as const;
type ArrayOf<K extends Kind> = InstanceType<(typeof CTOR)[K]>;

export class Scratch {
  private readonly bufs = new Map<string, ArrayBuffer>();

  /** A view of n elements over the buffer named `name`; zeroed unless `zero` is false. */
  get<K extends Kind>(kind: K, name: string, n: number, zero = true): ArrayOf<K> {
    const C = CTOR[kind];
    const bytes = n * C.BYTES_PER_ELEMENT;
    const key = `${kind}:${name}`;
    let buf = this.bufs.get(key);
    if (buf === undefined || buf.byteLength < bytes) {
      buf = new ArrayBuffer(Math.max(bytes, 64));
      this.bufs.set(key, buf);
      return new C(buf, 0, n) as ArrayOf<K>;
    }
    const view = new C(buf, 0, n) as ArrayOf<K>;
    if (zero) view.fill(0);
    return view;
  }
}

/** The main thread's scratch (layouts run one at a time there). */
export const layoutScratch = new Scratch();
