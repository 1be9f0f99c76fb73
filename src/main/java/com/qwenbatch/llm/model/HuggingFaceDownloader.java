package com.qwenbatch.llm.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

/**
 * Downloads a Hugging Face repo's checkpoint files into the hub cache layout
 * ({@code models--org--name/snapshots/main/} and {@code refs/main}), with a progress bar
 * on stderr. The endpoint is {@code $HF_ENDPOINT} (default https://huggingface.co);
 * {@code HF_HUB_OFFLINE=1} turns it off. Without a route to the endpoint it fails within
 * seconds.
 */
public final class HuggingFaceDownloader {

	static final List<String> REQUIRED = List.of("config.json", "tokenizer.json");

	static final List<String> OPTIONAL = List.of("tokenizer_config.json", "generation_config.json");

	private final String endpoint;

	private final HttpClient http;

	private final PrintStream progress;

	public HuggingFaceDownloader(String endpoint, PrintStream progress) {
		this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		this.progress = progress;
	}

	public static boolean enabled(Map<String, String> environment) {
		String offline = environment.getOrDefault("HF_HUB_OFFLINE", "0");
		return !(offline.equals("1") || offline.equalsIgnoreCase("true"));
	}

	public static String endpoint(Map<String, String> environment) {
		return environment.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
	}

	/** Downloads the checkpoint into the cache and returns its snapshot directory. */
	public Path download(String repoId, Path hubCache) {
		Path repo = hubCache.resolve("models--" + repoId.replace("/", "--"));
		Path snapshot = repo.resolve("snapshots").resolve("main");
		try {
			Files.createDirectories(snapshot);
			for (String file : REQUIRED) {
				fetch(repoId, file, snapshot, true);
			}
			for (String file : OPTIONAL) {
				fetch(repoId, file, snapshot, false);
			}
			if (!fetch(repoId, CheckpointFiles.SINGLE, snapshot, false)) {
				fetch(repoId, CheckpointFiles.INDEX, snapshot, true);
				for (String shard : shards(snapshot.resolve(CheckpointFiles.INDEX))) {
					fetch(repoId, shard, snapshot, true);
				}
			}
			Files.createDirectories(repo.resolve("refs"));
			Files.writeString(repo.resolve("refs/main"), "main");
			return snapshot;
		}
		catch (IOException ex) {
			removeIfEmpty(repo);
			String why = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
			throw new ModelLoadException("cannot download " + repoId + " from " + this.endpoint + ": " + why, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ModelLoadException("download of " + repoId + " interrupted", ex);
		}
	}

	/**
	 * A failed first download must not leave an empty folder that looks like a cached
	 * model.
	 */
	private static void removeIfEmpty(Path repo) {
		try (var paths = Files.walk(repo)) {
			List<Path> all = paths.sorted(java.util.Comparator.reverseOrder()).toList();
			if (all.stream().allMatch(Files::isDirectory)) {
				for (Path p : all) {
					Files.deleteIfExists(p);
				}
			}
		}
		catch (IOException ex) {
			// best effort: an empty folder is harmless, findInCache skips snapshots
			// without config.json
		}
	}

	private static Set<String> shards(Path index) throws IOException {
		Set<String> names = new LinkedHashSet<>();
		JsonMapper.builder()
			.build()
			.readTree(Files.readString(index))
			.path("weight_map")
			.properties()
			.forEach((e) -> names.add(e.getValue().asString()));
		return names;
	}

	/**
	 * Fetches one file (to a temporary name, then moved); false when it does not exist
	 * and is optional.
	 */
	private boolean fetch(String repoId, String file, Path snapshot, boolean required)
			throws IOException, InterruptedException {
		Path target = snapshot.resolve(file);
		if (Files.exists(target)) {
			return true;
		}
		URI uri = URI.create(this.endpoint + "/" + repoId + "/resolve/main/" + file);
		HttpResponse<InputStream> response = this.http.send(
				HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() == 404 && !required) {
			response.body().close();
			return false;
		}
		if (response.statusCode() != 200) {
			response.body().close();
			throw new IOException(uri + " answered HTTP " + response.statusCode());
		}
		long length = response.headers().firstValueAsLong("content-length").orElse(-1);
		Path partial = snapshot.resolve(file + ".part");
		try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
			byte[] buffer = new byte[1 << 16];
			long done = 0;
			long lastShown = 0;
			int n;
			while ((n = in.read(buffer)) > 0) {
				out.write(buffer, 0, n);
				done += n;
				if (done - lastShown > (8 << 20) || done == length) {
					showProgress(file, done, length);
					lastShown = done;
				}
			}
			showProgress(file, done, length);
			this.progress.println();
		}
		Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
		return true;
	}

	private void showProgress(String file, long done, long total) {
		int width = 30;
		int filled = total > 0 ? (int) (width * done / total) : 0;
		this.progress.printf("\r%-32s [%s%s] %,d / %s MB", file, "#".repeat(filled), " ".repeat(width - filled),
				done >> 20, total > 0 ? String.format("%,d", total >> 20) : "?");
		this.progress.flush();
	}

}
