package com.qwenbatch.job;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Component;

/**
 * The database a source table is read from: the results database when the URLs match, else a
 * plain connection per page to the given URL.
 */
@Component
class SourceDataSources {

	private final DataSource results;

	private final String resultsUrl;

	private final Map<String, DataSource> others = new HashMap<>();

	SourceDataSources(DataSource results, org.springframework.core.env.Environment environment) {
		this.results = results;
		this.resultsUrl = environment.getProperty("spring.datasource.url", "");
	}

	synchronized DataSource get(String url) {
		if (url == null || url.equals(this.resultsUrl)) {
			return this.results;
		}
		return this.others.computeIfAbsent(url, DriverManagerDataSource::new);
	}

}
