package com.qwenbatch.evaluation;

import java.util.List;

/**
 * Gold label (row) against predicted label (column) counts, and the metrics derived from
 * them. A class that is never predicted has precision 0; one that never occurs has recall
 * 0.
 */
public final class ConfusionMatrix {

	private final List<String> labels;

	private final long[][] counts;

	public ConfusionMatrix(List<String> labels) {
		this.labels = List.copyOf(labels);
		this.counts = new long[labels.size()][labels.size()];
	}

	public void add(String gold, String predicted) {
		this.counts[index(gold)][index(predicted)]++;
	}

	private int index(String label) {
		int i = this.labels.indexOf(label);
		if (i < 0) {
			throw new IllegalArgumentException("label '" + label + "' is not one of " + this.labels);
		}
		return i;
	}

	public List<String> labels() {
		return this.labels;
	}

	public long count(String gold, String predicted) {
		return this.counts[index(gold)][index(predicted)];
	}

	public long total() {
		long n = 0;
		for (long[] row : this.counts) {
			for (long c : row) {
				n += c;
			}
		}
		return n;
	}

	public double accuracy() {
		long correct = 0;
		for (int i = 0; i < this.labels.size(); i++) {
			correct += this.counts[i][i];
		}
		return total() == 0 ? 0 : (double) correct / total();
	}

	public double precision(String label) {
		int c = index(label);
		long predicted = 0;
		for (long[] row : this.counts) {
			predicted += row[c];
		}
		return predicted == 0 ? 0 : (double) this.counts[c][c] / predicted;
	}

	public double recall(String label) {
		int c = index(label);
		long actual = 0;
		for (long v : this.counts[c]) {
			actual += v;
		}
		return actual == 0 ? 0 : (double) this.counts[c][c] / actual;
	}

	public double f1(String label) {
		double p = precision(label);
		double r = recall(label);
		return p + r == 0 ? 0 : 2 * p * r / (p + r);
	}

	public double macroF1() {
		return this.labels.stream().mapToDouble(this::f1).average().orElse(0);
	}

}
