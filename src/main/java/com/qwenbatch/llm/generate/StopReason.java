package com.qwenbatch.llm.generate;

/** Why a row stopped generating. */
public enum StopReason {

	/** The model produced an end-of-sequence token (included in the output ids). */
	EOS,

	/** The row reached its max new tokens. */
	LENGTH,

	/** The decoded text reached one of the stop strings (cut from the text). */
	STOP_STRING

}
