package com.qwenbatch.llm.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a {@code --model} argument into a checkpoint directory: a path as is, or a
 * Hugging Face repo id ({@code Qwen/Qwen1.5-0.5B-Chat}) looked up in the Hugging Face
 * cache layout {@code $HF_HOME/hub/models--Qwen--Qwen1.5-0.5B-Chat/snapshots/<rev>/}.
 */
public final class ModelLocator {

	private final Map<String, String> environment;

	private final Path userHome;

	public ModelLocator(Map<String, String> environment, Path userHome) {
		this.environment = environment;
		this.userHome = userHome;
	}

	public static ModelLocator system() {
		return new ModelLocator(System.getenv(), Path.of(System.getProperty("user.home")));
	}

	public Path resolve(String model) {
		Path asPath = Path.of(model);
		if (Files.isDirectory(asPath)) {
			return asPath;
		}
		if (!looksLikeRepoId(model)) {
			throw new ModelLoadException("model directory not found: " + model);
		}
		Optional<Path> cached = findInCache(model);
		if (cached.isPresent()) {
			return cached.get();
		}
		if (!HuggingFaceDownloader.enabled(this.environment)) {
			throw notCached(model);
		}
		try {
			return new HuggingFaceDownloader(HuggingFaceDownloader.endpoint(this.environment), System.err)
				.download(model, hubCache());
		}
		catch (ModelLoadException ex) {
			throw notCached(model, ex.getMessage());
		}
	}

	/**
	 * The hub cache folder: $HF_HUB_CACHE, else $HF_HOME/hub, else
	 * ~/.cache/huggingface/hub.
	 */
	public Path hubCache() {
		String hubCache = this.environment.get("HF_HUB_CACHE");
		if (hubCache != null && !hubCache.isBlank()) {
			return Path.of(hubCache);
		}
		String hfHome = this.environment.get("HF_HOME");
		if (hfHome != null && !hfHome.isBlank()) {
			return Path.of(hfHome, "hub");
		}
		return this.userHome.resolve(".cache/huggingface/hub");
	}

	static boolean looksLikeRepoId(String model) {
		return model.matches("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*");
	}

	private Optional<Path> findInCache(String repoId) {
		Path repo = hubCache().resolve("models--" + repoId.replace("/", "--"));
		Path snapshots = repo.resolve("snapshots");
		if (!Files.isDirectory(snapshots)) {
			return Optional.empty();
		}
		Optional<Path> pinned = readRef(repo.resolve("refs/main")).map(snapshots::resolve).filter(Files::isDirectory);
		if (pinned.isPresent()) {
			return pinned;
		}
		try (Stream<Path> revisions = Files.list(snapshots)) {
			return revisions.filter((p) -> Files.exists(p.resolve(CheckpointFiles.CONFIG)))
				.max(Comparator.comparing(ModelLocator::lastModified));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> readRef(Path ref) {
		try {
			return Files.exists(ref) ? Optional.of(Files.readString(ref).trim()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static long lastModified(Path p) {
		try {
			return Files.getLastModifiedTime(p).toMillis();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private ModelLoadException notCached(String repoId) {
		return notCached(repoId, "HF_HUB_OFFLINE is set");
	}

	private ModelLoadException notCached(String repoId, String why) {
		return new ModelLoadException("model '" + repoId + "' is not in the Hugging Face cache (" + hubCache()
				+ ") and could not be downloaded (" + why + ").\n" + "  On a machine with network access run:\n"
				+ "    pip install -U huggingface_hub && huggingface-cli download " + repoId + "\n" + "  then copy "
				+ hubCache().resolve("models--" + repoId.replace("/", "--"))
				+ " here (or set HF_HOME), or pass a checkpoint directory: --model /path/to/"
				+ repoId.substring(repoId.indexOf('/') + 1) + "\n"
				+ "  To try the pipeline without weights: --model demo (a tiny random model; outputs are meaningless).");
	}

}
