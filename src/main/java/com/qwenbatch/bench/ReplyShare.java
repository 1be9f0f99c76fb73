package com.qwenbatch.bench;

import java.util.Locale;

import com.qwenbatch.analysis.CommentAnalyzer;
import com.qwenbatch.analysis.FollowUpRule;
import com.qwenbatch.comment.Comment;

/**
 * {@code bench --reply-share P}: a share of the rows, chosen by their id (seeded, so
 * every run and both paths choose the same rows), gets the follow-up task — what
 * {@code --task-when 负面} does in a run, without depending on what random weights label.
 */
public record ReplyShare(double share) implements FollowUpRule {

	private static final long BUCKETS = 1_000_000;

	public ReplyShare {
		if (share < 0 || share > 1) {
			throw new IllegalArgumentException("a share is between 0 and 1, was " + share);
		}
	}

	@Override
	public boolean wants(Comment comment, String sentiment) {
		long mixed = CommentAnalyzer.seedOf(comment.id()) * 0xbf58476d1ce4e5b9L;
		return Long.remainderUnsigned(mixed >>> 1, BUCKETS) < Math.round(this.share * BUCKETS);
	}

	@Override
	public String version() {
		return String.format(Locale.ROOT, "share=%.2f", this.share);
	}

}
