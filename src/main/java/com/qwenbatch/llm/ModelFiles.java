package com.qwenbatch.llm;

import java.nio.file.Path;

import com.qwenbatch.llm.model.ModelLoadException;
import com.qwenbatch.llm.model.ModelLocator;

/** Where a model's files are on this machine. */
public final class ModelFiles {

	private ModelFiles() {
	}

	/**
	 * "demo" (written under ./models/demo if needed), a local checkpoint directory, or a
	 * Hugging Face repo id (found in the cache, or downloaded where that is allowed) ->
	 * its directory.
	 */
	public static String locate(String model) {
		try {
			return ModelLocator.system().resolve(DemoModel.resolve(model, Path.of("."))).toString();
		}
		catch (ModelLoadException ex) {
			throw new ModelException(ex.getMessage(), ex);
		}
	}

}
