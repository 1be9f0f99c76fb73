package com.qwenbatch.prompt;

/** What a task produces: one of its allowed labels (scored), or free text (generated). */
public enum OutputType {

	LABEL, TEXT

}
