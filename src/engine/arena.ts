// A bump arena over WASM linear memory. The host owns everything above the module's heap base: each kernel
// call resets the arena, allocates its buffers, copies inputs in with one .set(), runs, and copies results
// out. Memory therefore grows to the largest call's need and then stays flat; views are never kept across
// an allocation, because memory.grow detaches the old ArrayBuffer.
//
// Below the bump region sit pinned blocks: state that must survive resets (the sample sketch's tables).
// pin() reuses freed blocks first-fit, else moves the bump base up; unpin() frees a block, merging it with
// free neighbours, and gives the top of the pinned region back to the bump region. Pointers stay valid
// across memory growth (only views detach). A block placed at the bump base overlaps the start of the bump
// region: pin between kernel calls, or (the sketch growing its table mid-call) reserve that room with the
// first alloc() of the call, before the buffers that must survive the pin.
const PAGE = 65536;

/** x rounded up to a multiple of 16. Not `(x + 15) & ~15`: bitwise operators work on signed 32 bits, so past 2 GiB that gives a negative pointer. */
const align16 = (x: number): number => Math.ceil(x / 16) * 16;

interface FreeBlock { ptr: number; bytes: number }

export class Arena {
  private top: number;
  /** Start of the pinned region. */
  private readonly heap: number;
  /** End of the pinned region = start of the bump region. */
  private base: number;
  /** Live pinned blocks: pointer -> bytes. */
  private readonly pinned = new Map<number, number>();
  /** Free blocks inside the pinned region, by address, never adjacent (merged). */
  private readonly free: FreeBlock[] = [];

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.heap = align16(heapBase);
    this.base = this.heap;
    this.top = this.base;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Bytes of linear memory currently reserved (for memory-growth tests). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes of the pinned region (live and free blocks below the bump base). */
  get pinnedBytes(): number {
    return this.base - this.heap;
  }

  /** A 16-byte aligned block of `bytes` that survives reset() until unpin(). Contents are unspecified. */
  pin(bytes: number): number {
    const size = Math.max(16, align16(bytes));
    const free = this.free;
    let p = -1;
    for (let i = 0; i < free.length; i++) {
      const f = free[i];
      if (f.bytes < size) continue;
      p = f.ptr;
      if (f.bytes === size) free.splice(i, 1);
      else { f.ptr += size; f.bytes -= size; }
      break;
    }
    if (p < 0) {
      // extend the region, starting inside a free block that ends at its top
      const last = free[free.length - 1];
      p = last !== undefined && last.ptr + last.bytes === this.base ? last.ptr : this.base;
      this.ensure(p + size);
      if (p !== this.base) free.pop();
      this.base = p + size;
    }
    this.top = Math.max(this.top, this.base);
    this.pinned.set(p, size);
    return p;
  }

  /** Free a block from pin(). */
  unpin(ptr: number): void {
    const size = this.pinned.get(ptr);
    if (size === undefined) throw new Error(`driftkit: internal error: unpin(${ptr}) of a block that is not pinned`);
    this.pinned.delete(ptr);
    const free = this.free;
    let i = 0;
    while (i < free.length && free[i].ptr < ptr) i++;
    let block: FreeBlock = { ptr, bytes: size };
    const prev = free[i - 1];
    if (prev !== undefined && prev.ptr + prev.bytes === ptr) { prev.bytes += size; block = prev; i--; }
    else free.splice(i, 0, block);
    const next = free[i + 1];
    if (next !== undefined && block.ptr + block.bytes === next.ptr) { block.bytes += next.bytes; free.splice(i + 1, 1); }
    if (block.ptr + block.bytes === this.base) {
      // the top of the pinned region is free: hand it back to the bump region
      free.splice(i, 1);
      this.base = block.ptr;
      this.top = Math.max(this.top, this.base);
    }
  }

  /** Grow memory to hold `end` bytes. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
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

  alloc(bytes: number): number {
    const p = align16(this.top);
    const end = p + bytes;
    this.ensure(end);
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

  u8(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, n);
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
