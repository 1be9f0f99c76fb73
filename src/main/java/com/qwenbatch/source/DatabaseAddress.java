package com.qwenbatch.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database's JDBC URL with any user name and password taken out. What is stored or
 * printed is this URL; credentials travel separately ({@link Credentials}), in memory
 * only.
 */
public record DatabaseAddress(String url) {

	private static final Set<String> CREDENTIAL_KEYS = Set.of("user", "username", "password", "pwd");

	private static final Pattern HOST_URL = Pattern
		.compile("jdbc:([a-z0-9]+)://(?:([^@/]*)@)?([^/:?;,]+)(?::(\\d+))?(?:[^/?;]*)/?([^?;]*)(.*)");

	/**
	 * A user name and password (either may be null). {@link #toString()} never shows the
	 * password.
	 */
	public record Credentials(String username, String password) {

		public static final Credentials NONE = new Credentials(null, null);

		public boolean hasPassword() {
			return this.password != null && !this.password.isEmpty();
		}

		/** These, with each missing part taken from {@code fallback}. */
		public Credentials or(Credentials fallback) {
			return new Credentials(this.username != null ? this.username : fallback.username,
					this.password != null ? this.password : fallback.password);
		}

		@Override
		public String toString() {
			return "Credentials[username=" + this.username + ", password=" + (hasPassword() ? "****" : "none") + "]";
		}

	}

	/**
	 * A URL as the user gave it, split into the address and the credentials it contained.
	 */
	public record Parsed(DatabaseAddress address, Credentials credentials) {
	}

	public static Parsed parse(String jdbcUrl) {
		if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
			throw new SourceException(
					"not a JDBC URL: '" + redactFreeText(jdbcUrl) + "' (e.g. jdbc:postgresql://HOST:5432/DB)");
		}
		String user = null;
		String password = null;
		String url = jdbcUrl;
		Matcher host = HOST_URL.matcher(jdbcUrl);
		if (host.matches() && host.group(2) != null) {
			String[] userInfo = host.group(2).split(":", 2);
			user = decode(userInfo[0]);
			password = userInfo.length > 1 ? decode(userInfo[1]) : null;
			url = jdbcUrl.replaceFirst(Pattern.quote(host.group(2) + "@"), "");
		}
		StringBuilder kept = new StringBuilder();
		int cut = firstParameterSeparator(url);
		String base = cut < 0 ? url : url.substring(0, cut);
		if (cut >= 0) {
			char style = url.charAt(cut);
			String separator = style == '?' ? "&" : ";";
			for (String parameter : url.substring(cut + 1).split(style == '?' ? "&" : ";")) {
				if (parameter.isEmpty()) {
					continue;
				}
				String[] kv = parameter.split("=", 2);
				String key = kv[0].strip().toLowerCase(Locale.ROOT);
				if (CREDENTIAL_KEYS.contains(key)) {
					String value = kv.length > 1 ? decode(kv[1]) : "";
					if (key.startsWith("user")) {
						user = value;
					}
					else {
						password = value;
					}
					continue;
				}
				kept.append(kept.isEmpty() ? style : separator).append(parameter);
			}
		}
		return new Parsed(new DatabaseAddress(base + kept), new Credentials(user, password));
	}

	private static int firstParameterSeparator(String url) {
		int question = url.indexOf('?');
		int semicolon = url.indexOf(';');
		if (question < 0) {
			return semicolon;
		}
		return semicolon < 0 ? question : Math.min(question, semicolon);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/**
	 * The same database however the URL is written: driver, host, port (the default
	 * filled in), database and schema; other parameters (timeouts, SSL) and their order
	 * do not count.
	 */
	public String key() {
		Matcher host = HOST_URL.matcher(this.url);
		if (host.matches()) {
			String driver = host.group(1);
			String port = host.group(4) != null ? host.group(4) : defaultPort(driver);
			String schema = parameter(host.group(6), "currentschema");
			return driver + "://" + host.group(3).toLowerCase(Locale.ROOT) + ":" + port + "/" + host.group(5)
					+ (schema != null ? "?currentSchema=" + schema : "");
		}
		if (this.url.startsWith("jdbc:h2:")) {
			String location = this.url.substring("jdbc:h2:".length()).split(";", 2)[0];
			if (location.startsWith("file:")) {
				location = "file:" + Path.of(location.substring(5)).toAbsolutePath().normalize();
			}
			return "h2:" + location;
		}
		int cut = firstParameterSeparator(this.url);
		if (cut < 0) {
			return this.url.substring(5);
		}
		TreeMap<String, String> sorted = new TreeMap<>();
		for (String parameter : this.url.substring(cut + 1).split("[&;]")) {
			String[] kv = parameter.split("=", 2);
			sorted.put(kv[0].toLowerCase(Locale.ROOT), kv.length > 1 ? kv[1] : "");
		}
		return this.url.substring(5, cut) + sorted;
	}

	/**
	 * host:port/database, for messages ("cannot connect to … at 127.0.0.1:5439/test").
	 */
	public String describe() {
		Matcher host = HOST_URL.matcher(this.url);
		if (host.matches()) {
			String port = host.group(4) != null ? host.group(4) : defaultPort(host.group(1));
			return host.group(3) + ":" + port + "/" + host.group(5);
		}
		return this.url;
	}

	public boolean isPostgres() {
		return this.url.startsWith("jdbc:postgresql:");
	}

	private static String defaultPort(String driver) {
		return switch (driver) {
			case "postgresql" -> "5432";
			case "mysql", "mariadb" -> "3306";
			case "sqlserver" -> "1433";
			case "oracle" -> "1521";
			default -> "";
		};
	}

	private static String parameter(String parameters, String name) {
		if (parameters == null || parameters.isEmpty()) {
			return null;
		}
		List<String> found = new ArrayList<>();
		for (String parameter : parameters.substring(1).split("[&;]")) {
			String[] kv = parameter.split("=", 2);
			if (kv[0].toLowerCase(Locale.ROOT).equals(name) && kv.length > 1) {
				found.add(kv[1]);
			}
		}
		return found.isEmpty() ? null : found.get(found.size() - 1);
	}

	/** A URL in an error message, with anything that looks like a password masked. */
	public static String redactFreeText(String text) {
		if (text == null) {
			return null;
		}
		return text.replaceAll("(?i)(password|pwd)=[^&;\\s]*", "$1=****")
			.replaceAll("//([^/@:\\s]+):[^/@\\s]*@", "//$1:****@");
	}

	@Override
	public String toString() {
		return this.url;
	}

}
