package com.qwenbatch.llm.generate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import com.qwenbatch.llm.model.CacheTensors;
import com.qwenbatch.llm.model.QwenModel;

/**
 * Keys and values of prompt prefixes that many rows share (a task's system prompt),
 * computed once and shared by each batch that uses them (held once per batch, not per
 * row). A small LRU: a run uses one or two prefixes per task.
 */
public final class PrefixCache implements AutoCloseable {

	static final int MAX_ENTRIES = 8;

	private final QwenModel model;

	private final Map<Key, KvCache> entries = new LinkedHashMap<>(16, 0.75f, true);

	private long hits;

	private long misses;

	public PrefixCache(QwenModel model) {
		this.model = model;
	}

	/**
	 * The one-row cache holding {@code ids}' keys and values in columns [0, ids.length).
	 */
	synchronized KvCache get(int[] ids) {
		Key key = new Key(ids);
		KvCache cached = this.entries.get(key);
		if (cached != null) {
			this.hits++;
			return cached;
		}
		this.misses++;
		KvCache computed = compute(ids);
		this.entries.put(key, computed);
		if (this.entries.size() > MAX_ENTRIES) {
			Map.Entry<Key, KvCache> eldest = this.entries.entrySet().iterator().next();
			eldest.getValue().close();
			this.entries.remove(eldest.getKey());
		}
		return computed;
	}

	private KvCache compute(int[] ids) {
		KvCache cache = new KvCache(this.model, 1, ids.length, CacheTensors.Storage.EXACT);
		BatchState state = BatchState.over(this.model, cache, new InferenceStats());
		try (NDManager scratch = this.model.manager().newSubManager()) {
			state.appendPrompts(new int[][] { ids }, scratch);
		}
		return cache;
	}

	public synchronized long hits() {
		return this.hits;
	}

	public synchronized long misses() {
		return this.misses;
	}

	@Override
	public synchronized void close() {
		this.entries.values().forEach(KvCache::close);
		this.entries.clear();
	}

	private record Key(int[] ids) {

		@Override
		public boolean equals(Object o) {
			return o instanceof Key other && Arrays.equals(this.ids, other.ids);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.ids);
		}

	}

}
