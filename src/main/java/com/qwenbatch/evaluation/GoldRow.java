package com.qwenbatch.evaluation;

import com.qwenbatch.comment.Comment;

/** A comment with its human label (already mapped to the task's label value). */
public record GoldRow(Comment comment, String label) {
}
