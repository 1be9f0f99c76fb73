package com.qwenbatch.job.partition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.source.SourceSlice;
import com.qwenbatch.source.SourceSpec;
import com.qwenbatch.source.Sources;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Spring Batch's view of {@link Sources#plan}: one execution context per slice, always
 * exactly {@code gridSize} of them, so partition names are the same on a restart.
 */
final class SourcePartitioner implements Partitioner {

	static final String PREFIX = "partition";

	private final SourceSpec source;

	private final Sources sources;

	private final Object watermark;

	SourcePartitioner(SourceSpec source, Sources sources, Object watermark) {
		this.source = source;
		this.sources = sources;
		this.watermark = watermark;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		List<SourceSlice> slices = this.sources.plan(this.source, this.watermark, gridSize);
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int i = 0; i < gridSize; i++) {
			partitions.put(PREFIX + i, PartitionContext.of(i, gridSize, slices.get(i)));
		}
		return partitions;
	}

}
