package com.qwenbatch.source;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database a source is read from: the results database's pool when it is the same
 * database, else a plain connection per page to the source's address, with the source
 * credentials (from the environment, never from what is stored).
 */
public final class SourceConnections {

	private final DataSource results;

	private final String resultsKey;

	private final DatabaseAddress.Credentials credentials;

	private final Map<String, DataSource> others = new HashMap<>();

	public SourceConnections(DataSource results, DatabaseAddress resultsAddress,
			DatabaseAddress.Credentials credentials) {
		this.results = results;
		this.resultsKey = resultsAddress == null ? null : resultsAddress.key();
		this.credentials = credentials;
	}

	synchronized DataSource get(DatabaseAddress address) {
		if (address.key().equals(this.resultsKey)) {
			return this.results;
		}
		return this.others.computeIfAbsent(address.key(), (key) -> {
			DriverManagerDataSource dataSource = new DriverManagerDataSource(address.url());
			dataSource.setUsername(this.credentials.username());
			dataSource.setPassword(this.credentials.password());
			return dataSource;
		});
	}

}
