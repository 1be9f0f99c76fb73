package com.qwenbatch.job.partition;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.qwenbatch.job.RunSettings;
import com.qwenbatch.job.SourceDataSources;
import com.qwenbatch.source.CsvCommentSource;
import com.qwenbatch.source.SourceSlice;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a run's source into {@code gridSize} slices of about the same number of rows: record
 * ranges of a CSV export (on storage every worker sees), id ranges of a database table. Always
 * exactly {@code gridSize} partitions, so their names are the same on a restart; with fewer rows
 * than partitions the surplus ones are empty.
 */
final class SourcePartitioner implements Partitioner {

	static final String PREFIX = "partition";

	private final RunSettings settings;

	private final SourceDataSources sources;

	private final Object watermark;

	SourcePartitioner(RunSettings settings, SourceDataSources sources, Object watermark) {
		this.settings = settings;
		this.sources = sources;
		this.watermark = watermark;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		List<SourceSlice> slices = this.settings.fromDatabase() ? tableSlices(gridSize) : csvSlices(gridSize);
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int i = 0; i < gridSize; i++) {
			partitions.put(PREFIX + i, PartitionContext.of(i, gridSize, slices.get(i)));
		}
		return partitions;
	}

	/** Records [n*i/N, n*(i+1)/N); the last slice is open so nothing after the count is missed. */
	private List<SourceSlice> csvSlices(int parts) {
		long records = CsvCommentSource.countRecords(Path.of(this.settings.input()),
				Charset.forName(this.settings.encoding()));
		List<SourceSlice> slices = new ArrayList<>();
		for (int i = 0; i < parts; i++) {
			long from = records * i / parts;
			slices.add(SourceSlice.between(from, i == parts - 1 ? null : records * (i + 1) / parts));
		}
		return slices;
	}

	/** Ids (bound[i-1], bound[i]]; the first starts after the watermark, the last is open. */
	private List<SourceSlice> tableSlices(int parts) {
		List<Object> bounds = this.sources.table(this.settings, this.watermark, null).splitPoints(parts);
		List<SourceSlice> slices = new ArrayList<>();
		Object after = this.watermark;
		for (Object bound : bounds) {
			slices.add(SourceSlice.between(after, bound));
			after = bound;
		}
		slices.add(SourceSlice.between(after, null));
		while (slices.size() < parts) {
			slices.add(SourceSlice.EMPTY);
		}
		return slices;
	}

}
