package com.qwenbatch.llm.generate;

/**
 * Which tokens of a new block a query token may attend to, beyond the cache columns
 * already valid for its row. Causal is the usual answer; label scoring uses one causal
 * run per candidate.
 */
@FunctionalInterface
interface BlockPattern {

	boolean visible(int row, int query, int key);

}
