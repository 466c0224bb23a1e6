// A bump arena over WASM linear memory. The host owns everything above the module's heap base: each kernel
// call resets the arena, allocates its buffers, copies inputs in with one .set(), runs, and copies results
// out. Memory therefore grows to the largest call's need and then stays flat; views are never kept across
// an allocation, because memory.grow detaches the old ArrayBuffer.
const PAGE = 65536;

export class Arena {
  private top: number;
  private readonly base: number;

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.base = (heapBase + 15) & ~15;
    this.top = this.base;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Bytes of linear memory currently reserved (for memory-growth tests). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  alloc(bytes: number): number {
    const p = (this.top + 15) & ~15;
    const end = p + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // grow geometrically so a sequence of growing inputs does not grow page by page
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.max(need, Math.ceil(have / PAGE / 2));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(need);
        } catch {
          // WASM32 memory stops at 4 GiB (less where the engine limits it): say so instead of a RangeError.
          throw new Error(`driftkit: the inputs need ${Math.ceil(end / 2 ** 20)} MiB of WASM memory, more than the engine allows; ` +
            "split the data or pass { backend: 'js' }");
        }
      }
    }
    this.top = end;
    return p;
  }

  f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, n);
  }

  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  u32(ptr: number, n: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, ptr, n);
  }

  /** Allocate and copy a Float64Array in. */
  putF64(src: Float64Array): number {
    const p = this.alloc(src.length * 8);
    this.f64(p, src.length).set(src);
    return p;
  }

  putI32(src: Int32Array): number {
    const p = this.alloc(src.length * 4);
    this.i32(p, src.length).set(src);
    return p;
  }

  /** Allocate zeroed i32 slots. */
  zeroI32(n: number): number {
    const p = this.alloc(n * 4);
    this.i32(p, n).fill(0);
    return p;
  }
}
