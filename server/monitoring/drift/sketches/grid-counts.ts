/**
 * One side's values counted on a ValueGrid: how many lie on each edge, and how many lie in each
 * open cell between edges with the sum of their offsets there (whole units, so sums are exact and
 * merge in any order to the same result). Mergeable by addition; its size is fixed by the grid
 * (at most 2 × 2,048 + 1 counts and 2,049 sums: 48 KB), never by the values it saw.
 *
 * Read from a document it stays in that sparse form until it takes values or merges others in:
 * a window of many stored buckets merges them one by one into one dense total.
 */
import type { ValueGrid } from './value-grid';

export interface GridCountsDocument {
  /** The grid's number of edges. */
  size: number;
  /** [edge, count] for each edge that holds values. */
  points: Array<[number, number]>;
  /** [open cell, count, sum of offsets] for each open cell that holds values. */
  cells: Array<[number, number, number]>;
}

export interface DenseGridCounts {
  /** points[j]: values equal to edge j. */
  points: Float64Array;
  /** cells[j]: values in open cell j; offsets[j]: the sum of their offsets. */
  cells: Float64Array;
  offsets: Float64Array;
}

export class GridCounts {
  private dense: DenseGridCounts | null = null;

  private constructor(
    readonly size: number,
    private stored: GridCountsDocument | null
  ) {}

  static empty(size: number): GridCounts {
    return new GridCounts(size, null);
  }

  static fromDocument(doc: GridCountsDocument): GridCounts {
    return new GridCounts(doc.size, doc);
  }

  /** A reference's values at once, `sorted` ascending and finite: one pass along the edges. */
  static ofSorted(grid: ValueGrid, sorted: Float64Array): GridCounts {
    const counts = GridCounts.empty(grid.edges.length);
    const { points, cells, offsets } = counts.counts();
    const edges = grid.edges;
    let cell = 0;
    for (let i = 0; i < sorted.length; i++) {
      const x = sorted[i]!;
      while (cell < edges.length && edges[cell]! < x) cell++;
      if (cell < edges.length && edges[cell] === x) points[cell]!++;
      else {
        cells[cell]!++;
        offsets[cell]! += grid.offset(x, cell);
      }
    }
    return counts;
  }

  /** The dense counts (a sketch read from its document unpacks here). */
  counts(): DenseGridCounts {
    if (!this.dense) {
      this.dense = {
        points: new Float64Array(this.size),
        cells: new Float64Array(this.size + 1),
        offsets: new Float64Array(this.size + 1)
      };
      if (this.stored) addDocument(this.dense, this.stored);
      this.stored = null;
    }
    return this.dense;
  }

  /** Counts values[from … to), finite numbers, on `grid` (the one this was made for). */
  addMany(grid: ValueGrid, values: ArrayLike<number>, from = 0, to = values.length): void {
    if (grid.edges.length !== this.size) throw new RangeError(`a grid of ${grid.edges.length} edges cannot count into one of ${this.size}`);
    const { points, cells, offsets } = this.counts();
    const edges = grid.edges;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      const cell = grid.cellOf(x);
      if (edges[cell] === x) points[cell]!++;
      else {
        cells[cell]!++;
        offsets[cell]! += grid.offset(x, cell);
      }
    }
  }

  merge(other: GridCounts): this {
    if (other.size !== this.size) throw new RangeError(`cannot merge grid counts over ${other.size} and ${this.size} edges`);
    const mine = this.counts();
    if (other.dense) {
      const { points, cells, offsets } = other.dense;
      for (let j = 0; j < points.length; j++) mine.points[j]! += points[j]!;
      for (let j = 0; j < cells.length; j++) {
        mine.cells[j]! += cells[j]!;
        mine.offsets[j]! += offsets[j]!;
      }
    } else if (other.stored) addDocument(mine, other.stored);
    return this;
  }

  toDocument(): GridCountsDocument {
    if (!this.dense) return { size: this.size, points: [...(this.stored?.points ?? [])], cells: [...(this.stored?.cells ?? [])] };
    const { points, cells, offsets } = this.dense;
    const doc: GridCountsDocument = { size: this.size, points: [], cells: [] };
    points.forEach((count, j) => count > 0 && doc.points.push([j, count]));
    cells.forEach((count, j) => count > 0 && doc.cells.push([j, count, offsets[j]!]));
    return doc;
  }
}

function addDocument(into: DenseGridCounts, doc: GridCountsDocument): void {
  for (const [j, count] of doc.points) into.points[j]! += count;
  for (const [j, count, offset] of doc.cells) {
    into.cells[j]! += count;
    into.offsets[j]! += offset;
  }
}
