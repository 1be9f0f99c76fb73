package com.qwenbatch.llm.generate;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which row each decode slot holds and which rows still wait. A waiting row joins as soon
 * as a slot is free: its prompt rides along in the next decode step's pass over the
 * weights, so a join costs little more than the prompt's own tokens.
 */
final class SlotTable {

	private static final int FREE = -1;

	private final int[] rowInSlot;

	private final int rows;

	private int nextRow;

	SlotTable(int slots, int rows) {
		this.rowInSlot = new int[slots];
		this.rows = rows;
	}

	/** Fills every slot with the first rows, in order; returns those rows. */
	int[] startFirst() {
		for (int s = 0; s < this.rowInSlot.length; s++) {
			this.rowInSlot[s] = s;
		}
		this.nextRow = this.rowInSlot.length;
		return this.rowInSlot.clone();
	}

	/** Frees the slots whose rows have finished. */
	void release(List<RowGeneration> generations) {
		for (int s = 0; s < this.rowInSlot.length; s++) {
			if (this.rowInSlot[s] != FREE && generations.get(this.rowInSlot[s]).finished()) {
				this.rowInSlot[s] = FREE;
			}
		}
	}

	boolean shouldAdmit() {
		return this.nextRow < this.rows && Arrays.stream(this.rowInSlot).anyMatch((r) -> r == FREE);
	}

	/** Free slots, lowest first, as many as rows wait. */
	int[] freeSlots() {
		return IntStream.range(0, this.rowInSlot.length)
			.filter((s) -> this.rowInSlot[s] == FREE)
			.limit(this.rows - this.nextRow)
			.toArray();
	}

	/** Which slots hold a row that has not finished. */
	boolean[] running() {
		boolean[] running = new boolean[this.rowInSlot.length];
		for (int s = 0; s < running.length; s++) {
			running[s] = this.rowInSlot[s] != FREE;
		}
		return running;
	}

	/** Gives each of {@code slots} the next waiting row; returns those rows. */
	int[] admit(int[] slots) {
		int[] joining = new int[slots.length];
		for (int i = 0; i < slots.length; i++) {
			this.rowInSlot[slots[i]] = this.nextRow;
			joining[i] = this.nextRow++;
		}
		return joining;
	}

	int[] activeSlots() {
		return IntStream.range(0, this.rowInSlot.length).filter((s) -> this.rowInSlot[s] != FREE).toArray();
	}

	/** The row in slot {@code slot}, or -1. */
	int rowIn(int slot) {
		return this.rowInSlot[slot];
	}

	int[] rowsIn(int[] slots) {
		return Arrays.stream(slots).map((s) -> this.rowInSlot[s]).toArray();
	}

}
