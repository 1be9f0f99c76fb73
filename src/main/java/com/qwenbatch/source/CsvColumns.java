package com.qwenbatch.source;

import java.util.List;
import java.util.Locale;

/**
 * Which header columns hold the id, text, date and channel. Explicit names win; otherwise
 * common names are recognised (comment, content, review, 评论, 内容 …).
 */
public record CsvColumns(int id, int text, int createdAt, int channel) {

	static final List<String> ID_NAMES = List.of("id", "comment_id", "review_id", "编号", "序号");

	static final List<String> TEXT_NAMES = List.of("text", "comment", "content", "review", "body", "message", "评论",
			"内容", "评价", "评论内容");

	static final List<String> DATE_NAMES = List.of("created_at", "date", "time", "timestamp", "created", "日期", "时间");

	static final List<String> CHANNEL_NAMES = List.of("channel", "source", "platform", "product", "渠道", "平台", "来源");

	static CsvColumns resolve(String[] header, SourceSpec.ColumnNames names, String file) {
		int text = find(header, names.text(), TEXT_NAMES, file, "text");
		if (text < 0) {
			throw new SourceException(file + " line 1: no text column found in header " + List.of(header)
					+ "; name it with --text-column");
		}
		return new CsvColumns(find(header, names.id(), ID_NAMES, file, "id"), text,
				find(header, names.date(), DATE_NAMES, file, "date"),
				find(header, names.channel(), CHANNEL_NAMES, file, "channel"));
	}

	private static int find(String[] header, String configured, List<String> usual, String file, String what) {
		if (configured != null) {
			for (int i = 0; i < header.length; i++) {
				if (normalise(header[i]).equals(normalise(configured))) {
					return i;
				}
			}
			throw new SourceException(file + " line 1: column '" + configured + "' (" + what
					+ ") is missing; header is " + List.of(header));
		}
		for (String name : usual) {
			for (int i = 0; i < header.length; i++) {
				if (normalise(header[i]).equals(name)) {
					return i;
				}
			}
		}
		return -1;
	}

	private static String normalise(String name) {
		return name.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
	}

}
