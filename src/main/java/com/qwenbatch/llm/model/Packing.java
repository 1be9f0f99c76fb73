package com.qwenbatch.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Where a block's real tokens sit in its [B, T] grid. Projections and the MLP — nearly
 * all the arithmetic — run on the N real tokens only ("packed", [N, W]); attention needs
 * the grid ([B, T, W]), where padding cells get zeros and are masked. Without padding
 * both are reshapes.
 */
final class Packing {

	private final long realTokens;

	/**
	 * [B*T]: per cell, its row in the packed block, or N (a zero row) for padding; null:
	 * no padding
	 */
	private final NDArray toGrid;

	/** [N]: per packed row, its cell in the grid; null: no padding */
	private final NDArray toPacked;

	private final long[] packedIndexOfCell;

	private Packing(long realTokens, NDArray toGrid, NDArray toPacked, long[] packedIndexOfCell) {
		this.realTokens = realTokens;
		this.toGrid = toGrid;
		this.toPacked = toPacked;
		this.packedIndexOfCell = packedIndexOfCell;
	}

	static Packing of(ForwardInput input, HostUploads uploads, NDManager manager) {
		boolean[] present = input.present();
		int cells = input.batch() * input.length();
		long[] packedIndexOfCell = new long[cells];
		long real = 0;
		for (int cell = 0; cell < cells; cell++) {
			packedIndexOfCell[cell] = present[cell] ? real++ : -1;
		}
		if (real == cells) {
			// every cell present: the packed index of each cell is the cell itself
			return new Packing(real, null, null, packedIndexOfCell);
		}
		long[] toGrid = new long[cells];
		long[] toPacked = new long[(int) real];
		for (int cell = 0; cell < cells; cell++) {
			toGrid[cell] = present[cell] ? packedIndexOfCell[cell] : real;
			if (present[cell]) {
				toPacked[(int) packedIndexOfCell[cell]] = cell;
			}
		}
		return new Packing(real, uploads.longs(manager, toGrid, new Shape(cells)),
				uploads.longs(manager, toPacked, new Shape(real)), packedIndexOfCell);
	}

	/** The ids of the real tokens: [N]. */
	long[] realIds(long[] tokenIds) {
		long[] ids = new long[(int) this.realTokens];
		for (int cell = 0; cell < tokenIds.length; cell++) {
			if (this.packedIndexOfCell[cell] >= 0) {
				ids[(int) this.packedIndexOfCell[cell]] = tokenIds[cell];
			}
		}
		return ids;
	}

	/**
	 * Grid cells (row * T + t) to packed rows; every cell asked for must be a real token.
	 */
	long[] packedRows(long[] cells) {
		long[] rows = new long[cells.length];
		for (int i = 0; i < cells.length; i++) {
			rows[i] = this.packedIndexOfCell[(int) cells[i]];
			if (rows[i] < 0) {
				throw new IllegalArgumentException("logits asked for padding cell " + cells[i]);
			}
		}
		return rows;
	}

	/**
	 * [B*T]: per grid cell, its packed row, or N (a zero row) for padding; null when the
	 * block has no padding (the grid is then a reshape)
	 */
	NDArray toGridIndex() {
		return this.toGrid;
	}

	/** [N]: per packed row, its grid cell; null when the block has no padding */
	NDArray toPackedIndex() {
		return this.toPacked;
	}

}
