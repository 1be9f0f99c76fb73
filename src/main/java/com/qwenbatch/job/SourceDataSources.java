package com.qwenbatch.job;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.qwenbatch.source.JdbcCommentSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Component;

/**
 * The database a source table is read from: the results database when the URLs match, else a
 * plain connection per page to the given URL.
 */
@Component
public class SourceDataSources {

	private final DataSource results;

	private final String resultsUrl;

	private final Map<String, DataSource> others = new HashMap<>();

	SourceDataSources(DataSource results, org.springframework.core.env.Environment environment) {
		this.results = results;
		this.resultsUrl = environment.getProperty("spring.datasource.url", "");
	}

	public synchronized DataSource get(String url) {
		if (url == null || url.equals(this.resultsUrl)) {
			return this.results;
		}
		return this.others.computeIfAbsent(url, DriverManagerDataSource::new);
	}

	/** The run's database source over ids {@code (startAfterId, upToId]} (null bounds are open). */
	public JdbcCommentSource table(RunSettings s, Object startAfterId, Object upToId) {
		JdbcCommentSource.JdbcColumns defaults = JdbcCommentSource.JdbcColumns.defaults();
		return new JdbcCommentSource(get(s.sourceDb()), s.sourceTable(), s.sourceQuery(),
				new JdbcCommentSource.JdbcColumns(or(s.idColumn(), defaults.id()), or(s.textColumn(), defaults.text()),
						or(s.dateColumn(), defaults.createdAt()), or(s.channelColumn(), defaults.channel())),
				Math.max(100, s.batchSize() * 8), s.maxChars(), startAfterId, upToId);
	}

	private static String or(String value, String fallback) {
		return value != null ? value : fallback;
	}

}
