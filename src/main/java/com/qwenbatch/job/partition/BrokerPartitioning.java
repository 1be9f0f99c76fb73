package com.qwenbatch.job.partition;

import org.springframework.batch.core.partition.PartitionHandler;

/** Hands partitions to workers behind the broker (present only with a broker URL). */
@FunctionalInterface
interface BrokerPartitioning {

	PartitionHandler handler(int gridSize);

}
